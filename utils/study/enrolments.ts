import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { ReceiptsSchema } from './collector-api';

/** A study this browser joined. Its token is in the extension's IndexedDB like sync's, never here. */
export const EnrolmentSchema = z.object({
  studyId: z.string().max(128),
  studyName: z.string().max(500),
  /** The collector's origin, e.g. https://collector.example. */
  collector: z.string().max(2_000),
  participantId: z.string().max(128),
  enrolledAt: z.iso.datetime(),
  /** When the participant chose to leave; null while in the study. */
  leftAt: z.iso.datetime().nullable(),
  /** What the collector last confirmed it holds (GET /v1/receipts), and when it said so. */
  receipts: ReceiptsSchema.nullable(),
  receiptsAt: z.iso.datetime().nullable(),
});
export type Enrolment = z.infer<typeof EnrolmentSchema>;

const EnrolmentsSchema = z.array(EnrolmentSchema);

export const enrolmentsItem = storage.defineItem<Enrolment[]>('local:studies', { fallback: [] });

export async function loadEnrolments(): Promise<Enrolment[]> {
  const parsed = EnrolmentsSchema.safeParse(await enrolmentsItem.getValue());
  return parsed.success ? parsed.data : [];
}

/** The study this browser is in now (at most one), or null. */
export const currentEnrolment = (all: readonly Enrolment[]): Enrolment | null =>
  all.find((e) => e.leftAt === null) ?? null;

export async function updateEnrolment(participantId: string, change: (e: Enrolment) => Enrolment): Promise<void> {
  const all = await loadEnrolments();
  await enrolmentsItem.setValue(all.map((e) => (e.participantId === participantId ? change(e) : e)));
}

export async function addEnrolment(enrolment: Enrolment): Promise<void> {
  const all = await loadEnrolments();
  await enrolmentsItem.setValue([...all.filter((e) => e.participantId !== enrolment.participantId), enrolment]);
}
