import { requiredEnv } from '../platform/env';

/** The public site's address (PUBLIC_BASE_URL: cdk.json `powerpermit:publicBaseUrl`; locally the local server's), for the QR codes of paper licences. */
export const publicBaseUrl = (): string => requiredEnv('PUBLIC_BASE_URL');
