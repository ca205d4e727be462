import { documentClient, tableName } from '../platform/aws';
import { nextSerial } from '../platform/counters.dynamodb';
import { agencyById } from '../platform/regions';
import { licenseNumber } from './domain/license';

/**
 * The next free number of its agency, class and level in a year: the serial series the licensing
 * decision draws from too, so an imported number is never issued again.
 */
export async function allocateLicenseNo(agencyId: string, licenseClass: string, level: number | undefined, year: number): Promise<string> {
  const agency = agencyById(agencyId)!;
  const serial = await nextSerial(documentClient(), tableName(), `LICENSE#${agency.code}#${licenseClass}${level ?? ''}#${year}`);
  return licenseNumber(licenseClass, level, agency.code, year, serial);
}
