import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import { connectionReportOp } from './reports.handler';

/** The connections context's render function: the half-year report (G7, G8) as JSON, CSV or a PDF with charts — pdfkit and the font load here only. */
export const handler = createApi('connections', routes, { connectionReport: connectionReportOp }, { idempotencyStore }, 'render');
