import { z } from 'zod';
import { UUID_V7_PATTERN } from '../../utils/uuidv7';

export { LIMITS, SCHEMA_VERSION } from './constants';

export const IdSchema = z.string().regex(UUID_V7_PATTERN, 'expected a UUIDv7');
/** Timestamps are ISO 8601 UTC strings (`Date#toISOString`), so they sort as text. */
export const TimestampSchema = z.iso.datetime({ offset: false });
export const HttpUrlSchema = z.url({ protocol: /^https?$/ }).max(8192);
