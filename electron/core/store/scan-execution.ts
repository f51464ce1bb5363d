import type { ScanExecution } from './types.js';

/** roots.last_scan_execution, written by LibraryStore.recordScanExecution; null when absent or unreadable. */
export function parseScanExecution(text: string | null): ScanExecution | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { execution?: unknown; notes?: unknown };
    if (typeof v.execution !== 'string') return null;
    return { execution: v.execution, notes: Array.isArray(v.notes) ? v.notes.filter((n): n is string => typeof n === 'string') : [] };
  } catch {
    return null;
  }
}
