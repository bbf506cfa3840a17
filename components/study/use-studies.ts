import { useEffect, useState } from 'react';
import { type Enrolment, enrolmentsItem, loadEnrolments } from '../../utils/study/enrolments';
import { loadWithdrawal, type Withdrawal, withdrawalItem } from '../../utils/study/withdrawal';
import { loadSyncState, syncStateItem } from '../../utils/sync/state';

export interface StudiesView {
  enrolments: Enrolment[];
  withdrawal: Withdrawal | null;
  /** When sync last delivered something (for the current study). */
  lastSentAt: number | null;
}

/** The studies this browser joined, a withdrawal in progress and the last upload, kept current. */
export function useStudies(): StudiesView | null {
  const [view, setView] = useState<StudiesView | null>(null);
  useEffect(() => {
    const load = () =>
      void Promise.all([loadEnrolments(), loadWithdrawal(), loadSyncState()]).then(([enrolments, withdrawal, state]) =>
        setView({ enrolments, withdrawal, lastSentAt: state.lastSentAt }),
      );
    load();
    const unwatch = [enrolmentsItem.watch(load), withdrawalItem.watch(load), syncStateItem.watch(load)];
    return () => {
      for (const u of unwatch) u();
    };
  }, []);
  return view;
}
