import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import { getPaperLicense } from './paper.handler';

/** The licenses context's render function: the printable licence (E1) — pdfkit, the QR and the CJK font load here only. */
export const handler = createApi('licenses', routes, { getPaperLicense }, { idempotencyStore }, 'render');
