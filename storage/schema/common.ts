import { z } from 'zod';
import { UUID_V7_PATTERN } from '../../utils/uuidv7';

export const SCHEMA_VERSION = 1 as const;

export const IdSchema = z.string().regex(UUID_V7_PATTERN, 'expected a UUIDv7');
/** Timestamps are ISO 8601 UTC strings (`Date#toISOString`), so they sort as text. */
export const TimestampSchema = z.iso.datetime({ offset: false });
export const HttpUrlSchema = z.url({ protocol: /^https?$/ }).max(8192);

/** Bounds that keep one record from a hostile page from filling the store. */
export const LIMITS = {
  shortText: 2_000,
  longText: 200_000,
  items: 500,
} as const;
