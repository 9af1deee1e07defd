// The one door from the UI to the backend. Components get a `Backend` from
// context, so their logic can be tested with a fake instead of Tauri.
// The generated `bindings.ts` stays behind this file.

import { Channel } from "@tauri-apps/api/core";
import { open, save } from "@tauri-apps/plugin-dialog";
import { getContext, setContext } from "svelte";
import { commands, events } from "./bindings";
import type * as B from "./bindings";

export type {
  AppInfo,
  ClosureReason,
  Gender,
  ImportProgress,
  ImportSummary,
  Intervention,
  Language,
  Mode,
  Outcome,
  Participant,
  ProblemArea,
  Referrer,
  ReopenInput,
  RowError,
  Settings,
  SortDirection,
  SortKey,
  Status,
  StatusFilter,
  Strength,
  Triage,
  Urgency,
  VaultStatus,
  VaultLocked,
  LockReason,
} from "./bindings";

// What the backend sends (every optional field present, as null) and what it
// accepts (optional fields may be left out).
export type AppError = B.AppError_Serialize;
export type CaseloadRow = B.CaseloadRow_Serialize;
export type Conversation = B.Conversation_Serialize;
export type GpConsultation = B.GpConsultation_Serialize;
export type Practice = B.Practice_Serialize;
export type TrajectoryDetail = B.TrajectoryDetail_Serialize;
export type TriageDecision = B.TriageDecision_Serialize;
export type Youth = B.Youth_Serialize;
export type GpLetter = B.GpLetter_Serialize;
export type PossibleDuplicate = B.PossibleDuplicate_Serialize;
export type CaseloadFilter = B.CaseloadFilter_Deserialize;
export type ClosureInput = B.ClosureInput_Deserialize;
export type ConversationInput = B.ConversationInput_Deserialize;
export type GpConsultationInput = B.GpConsultationInput_Deserialize;
export type IntakeInput = B.IntakeInput_Deserialize;
export type PracticeInput = B.PracticeInput_Deserialize;
export type ReferralInput = B.ReferralInput_Deserialize;
export type TriageInput = B.TriageInput_Deserialize;
export type YouthInput = B.YouthInput_Deserialize;
// Monitoring and the anonymised export.
export type {
  ExportFormat,
  ExportLevel,
  ExportProgress,
  FieldInfo,
  Granularity,
  GroupBy,
  ProfileInfo,
  SavingsParams,
} from "./bindings";
export type MonitoringReport = B.MonitoringReport_Serialize;
export type Report = B.Report_Serialize;
export type Figures = B.Figures_Serialize;
export type Count = B.Count_Serialize;
export type Summary = B.Summary_Serialize;
export type MonthFigures = B.MonthFigures_Serialize;
export type ExportPreview = B.ExportPreview_Serialize;
export type ExportRecord = B.ExportRecord_Serialize;
export type Anonymisation = B.Anonymisation_Serialize;
export type ExportTable = B.Table_Serialize;
export type CellNote = B.CellNote_Serialize;
export type ExportDone = B.ExportDone_Serialize;
export type ReportQuery = B.ReportQuery_Deserialize;
export type ExportParams = B.ExportParams_Deserialize;
// The regional merge: the chosen exports checked, the region's protected figures.
export type RegionPreview = B.RegionPreview_Serialize;
export type FileCheck = B.FileCheck_Serialize;
export type RegionFigures = B.RegionFigures_Serialize;
export type RegionDone = B.RegionDone;
// Data and privacy: backup, audit log, inzage, retention.
export type { AuditStatus, BackupDone, BackupFile, DestructionReason, Printed } from "./bindings";
export type RestoreDone = B.RestoreDone_Serialize;
export type AuditEntry = B.AuditEntry_Serialize;
export type BackupInfo = B.BackupInfo_Serialize;
export type RetentionItem = B.RetentionItem_Serialize;
export type RetentionList = B.RetentionList_Serialize;

/** A failure the backend reported; `code` is stable, `message` is for the user. */
export class BackendError extends Error {
  readonly code: AppError["code"];
  readonly field: string | null;
  readonly rule: string | null;
  readonly rows: B.RowError[];

  constructor(error: Pick<AppError, "code" | "message"> & Partial<AppError>) {
    super(error.message);
    this.name = "BackendError";
    this.code = error.code;
    this.field = error.field ?? null;
    this.rule = error.rule ?? null;
    this.rows = error.rows ?? [];
  }
}

type Commands = typeof commands;

/** A command's argument as the UI passes it: a progress channel becomes a callback. */
type Arg<A> = A extends Channel<infer P> ? (progress: P) => void : A;
type Args<P extends unknown[]> = { [I in keyof P]: Arg<P[I]> };
/** What a command's reply holds when it succeeds (failures are thrown). */
type Data<R> = R extends Promise<infer O> ? (O extends { status: "ok"; data: infer T } ? T : never) : never;

/**
 * Every backend command, mapped from the generated bindings (one method per
 * command, same name and arguments), plus the lock event. A command added in
 * Rust appears here when `make bindings` regenerates `bindings.ts`.
 */
export type Backend = {
  [K in keyof Commands]: (...args: Args<Parameters<Commands[K]>>) => Promise<Data<ReturnType<Commands[K]>>>;
} & {
  /** Calls `cb` whenever the backend locked the vault on its own; returns a stop function. */
  onLocked(cb: (e: B.VaultLocked) => void): () => void;
  /** The system's "open file" dialog: the chosen file's path, or null when cancelled. */
  chooseFile(options: ChooseFile): Promise<string | null>;
  /** The "open file" dialog choosing several files: their paths, none when cancelled. */
  chooseFiles(options: ChooseFile): Promise<string[]>;
  /** The system's "save file" dialog: the path to write, or null when cancelled. */
  chooseSavePath(options: ChooseFile & { defaultPath?: string }): Promise<string | null>;
};

/** What the "open file" dialog shows: its title and one filter of file endings. */
export interface ChooseFile {
  title: string;
  filterName: string;
  extensions: string[];
}

type Reply<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

function unwrap<T>(outcome: Reply<T>): T {
  if (outcome.status === "error") throw new BackendError(outcome.error);
  return outcome.data;
}

/** A callback argument becomes a channel whose messages it receives. */
function toChannel(arg: unknown): unknown {
  if (typeof arg !== "function") return arg;
  const channel = new Channel<unknown>();
  channel.onmessage = arg as (message: unknown) => void;
  return channel;
}

type AnyCommand = (...args: unknown[]) => Promise<Reply<unknown>>;

function wrap(command: AnyCommand) {
  return async (...args: unknown[]) => unwrap(await command(...args.map(toChannel)));
}

export const tauriBackend: Backend = {
  ...(Object.fromEntries(
    Object.entries(commands).map(([name, command]) => [name, wrap(command as AnyCommand)]),
  ) as Omit<Backend, "onLocked" | "chooseFile" | "chooseFiles" | "chooseSavePath">),
  onLocked: (cb) => {
    // Listening is set up asynchronously; stopping waits for it, and a listener
    // that could not be set up has nothing to stop.
    const listening = events.vaultLocked.listen((e) => cb(e.payload)).catch(() => undefined);
    return () => void listening.then((stop) => stop?.());
  },
  chooseFile: async ({ title, filterName, extensions }) => {
    const picked = await open({
      title,
      multiple: false,
      directory: false,
      filters: [{ name: filterName, extensions }],
    });
    return typeof picked === "string" ? picked : null;
  },
  chooseFiles: async ({ title, filterName, extensions }) => {
    const picked = await open({
      title,
      multiple: true,
      directory: false,
      filters: [{ name: filterName, extensions }],
    });
    return Array.isArray(picked) ? picked : typeof picked === "string" ? [picked] : [];
  },
  chooseSavePath: async ({ title, filterName, extensions, defaultPath }) => {
    const picked = await save({ title, defaultPath, filters: [{ name: filterName, extensions }] });
    return typeof picked === "string" ? picked : null;
  },
};

const KEY = Symbol("backend");

export function setBackend(backend: Backend): void {
  setContext(KEY, backend);
}

export function getBackend(): Backend {
  const backend = getContext<Backend | undefined>(KEY);
  if (!backend) throw new Error("No Backend in context: call setBackend() in a parent component");
  return backend;
}
