// The one door from the UI to the backend. Components get a `Backend` from
// context, so their logic can be tested with a fake instead of Tauri.
// The generated `bindings.ts` stays behind this file.

import { Channel } from "@tauri-apps/api/core";
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
  Status,
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
  Anonymisation,
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
export type ExportTable = B.Table_Serialize;
export type ExportDone = B.ExportDone_Serialize;
export type ReportQuery = B.ReportQuery_Deserialize;
export type ExportParams = B.ExportParams_Deserialize;
// Data and privacy: backup, audit log, inzage, retention.
export type {
  AuditStatus,
  BackupDone,
  BackupFile,
  DestructionReason,
  Printed,
  RestoreDone,
} from "./bindings";
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

export interface Backend {
  appInfo(): Promise<B.AppInfo>;
  vaultStatus(): Promise<B.VaultStatus>;
  passphraseStrength(passphrase: string): Promise<B.Strength>;
  createVault(passphrase: string): Promise<null>;
  unlockVault(passphrase: string): Promise<null>;
  lockVault(): Promise<null>;
  /** The worker is using the app (input seen): the backend's auto-lock waits again. */
  touchActivity(): Promise<null>;
  /** Calls `cb` whenever the backend locked the vault on its own; returns a stop function. */
  onLocked(cb: (e: B.VaultLocked) => void): () => void;
  getSettings(): Promise<B.Settings>;
  saveSettings(settings: B.Settings): Promise<null>;
  practices(): Promise<Practice[]>;
  addPractice(input: PracticeInput): Promise<Practice>;
  updatePractice(id: string, input: PracticeInput): Promise<Practice>;
  caseload(filter: CaseloadFilter): Promise<CaseloadRow[]>;
  findYouths(query: string): Promise<Youth[]>;
  addYouth(input: YouthInput): Promise<Youth>;
  registerReferral(input: ReferralInput): Promise<string>;
  trajectory(id: string): Promise<TrajectoryDetail>;
  recordFirstContact(id: string, date: string): Promise<null>;
  recordIntake(id: string, input: IntakeInput): Promise<null>;
  decideTriage(id: string, input: TriageInput): Promise<TriageDecision>;
  addConversation(id: string, input: ConversationInput): Promise<string>;
  /** Correct a conversation, by its own id; the trajectory must be open. */
  updateConversation(conversationId: string, input: ConversationInput): Promise<null>;
  closeTrajectory(id: string, input: ClosureInput): Promise<null>;
  reopenTrajectory(id: string, input: B.ReopenInput): Promise<null>;
  recordGpFeedback(id: string, date: string): Promise<null>;
  gpLetter(id: string): Promise<string>;
  addGpConsultation(input: GpConsultationInput): Promise<GpConsultation>;
  gpConsultations(practiceId: string | null): Promise<GpConsultation[]>;
  importCsv(content: string, onProgress: (p: B.ImportProgress) => void): Promise<B.ImportSummary>;
  monitoringReport(query: ReportQuery): Promise<MonitoringReport>;
  setSavingsParams(params: B.SavingsParams): Promise<null>;
  exportPreview(params: ExportParams): Promise<ExportPreview>;
  exportAnonymised(params: ExportParams, onProgress: (p: B.ExportProgress) => void): Promise<ExportDone>;
  backupInfo(): Promise<BackupInfo>;
  makeBackup(): Promise<B.BackupDone>;
  listBackups(): Promise<B.BackupFile[]>;
  /** `current`: the replaced vault's passphrase; or `keepAside` when it is forgotten. */
  restoreBackup(path: string, passphrase: string, current: string | null, keepAside: boolean): Promise<B.RestoreDone>;
  setBackupReminderDays(days: number): Promise<null>;
  auditLog(beforeSeq: number | null, limit: number, action: string | null): Promise<AuditEntry[]>;
  auditChainStatus(): Promise<B.AuditStatus>;
  accessHistory(youthId: string): Promise<AuditEntry[]>;
  inzageHtml(youthId: string): Promise<string>;
  saveInzageJson(youthId: string, folder: string): Promise<string>;
  retentionDue(): Promise<RetentionList>;
  /** The vault's retention term (at least 20 years; the change is audited). */
  setRetentionYears(years: number): Promise<null>;
  destroyYouth(youthId: string, reason: B.DestructionReason): Promise<null>;
  changePassphrase(current: string, next: string): Promise<null>;
  /** Change the passphrase and re-encrypt everything under a new data key. */
  changePassphraseAndRotate(current: string, next: string): Promise<null>;
  /** Audits a print; call it first and print only when it succeeds. */
  recordPrint(printed: B.Printed): Promise<null>;
}

type Reply<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

function unwrap<T>(outcome: Reply<T>): T {
  if (outcome.status === "error") throw new BackendError(outcome.error);
  return outcome.data;
}

async function call<T>(outcome: Promise<Reply<T>>): Promise<T> {
  return unwrap(await outcome);
}

export const tauriBackend: Backend = {
  appInfo: () => call(commands.appInfo()),
  vaultStatus: () => call(commands.vaultStatus()),
  passphraseStrength: (p) => call(commands.passphraseStrength(p)),
  createVault: (p) => call(commands.createVault(p)),
  unlockVault: (p) => call(commands.unlockVault(p)),
  lockVault: () => call(commands.lockVault()),
  touchActivity: () => call(commands.touchActivity()),
  onLocked: (cb) => {
    // Listening is set up asynchronously; stopping waits for it, and a listener
    // that could not be set up has nothing to stop.
    const listening = events.vaultLocked.listen((e) => cb(e.payload)).catch(() => undefined);
    return () => void listening.then((stop) => stop?.());
  },
  getSettings: () => call(commands.getSettings()),
  saveSettings: (s) => call(commands.saveSettings(s)),
  practices: () => call(commands.practices()),
  addPractice: (i) => call(commands.addPractice(i)),
  updatePractice: (id, i) => call(commands.updatePractice(id, i)),
  caseload: (f) => call(commands.caseload(f)),
  findYouths: (q) => call(commands.findYouths(q)),
  addYouth: (i) => call(commands.addYouth(i)),
  registerReferral: (i) => call(commands.registerReferral(i)),
  trajectory: (id) => call(commands.trajectory(id)),
  recordFirstContact: (id, d) => call(commands.recordFirstContact(id, d)),
  recordIntake: (id, i) => call(commands.recordIntake(id, i)),
  decideTriage: (id, i) => call(commands.decideTriage(id, i)),
  addConversation: (id, i) => call(commands.addConversation(id, i)),
  updateConversation: (id, i) => call(commands.updateConversation(id, i)),
  closeTrajectory: (id, i) => call(commands.closeTrajectory(id, i)),
  reopenTrajectory: (id, i) => call(commands.reopenTrajectory(id, i)),
  recordGpFeedback: (id, d) => call(commands.recordGpFeedback(id, d)),
  gpLetter: (id) => call(commands.gpLetter(id)),
  addGpConsultation: (i) => call(commands.addGpConsultation(i)),
  gpConsultations: (p) => call(commands.gpConsultations(p)),
  importCsv: (content, onProgress) => {
    const channel = new Channel<B.ImportProgress>();
    channel.onmessage = onProgress;
    return call(commands.importCsv(content, channel));
  },
  monitoringReport: (q) => call(commands.monitoringReport(q)),
  setSavingsParams: (p) => call(commands.setSavingsParams(p)),
  exportPreview: (p) => call(commands.exportPreview(p)),
  exportAnonymised: (params, onProgress) => {
    const channel = new Channel<B.ExportProgress>();
    channel.onmessage = onProgress;
    return call(commands.exportAnonymised(params, channel));
  },
  backupInfo: () => call(commands.backupInfo()),
  makeBackup: () => call(commands.makeBackup()),
  listBackups: () => call(commands.listBackups()),
  restoreBackup: (path, passphrase, current, keepAside) => call(commands.restoreBackup(path, passphrase, current, keepAside)),
  setBackupReminderDays: (days) => call(commands.setBackupReminderDays(days)),
  auditLog: (before, limit, action) => call(commands.auditLog(before, limit, action)),
  auditChainStatus: () => call(commands.auditChainStatus()),
  accessHistory: (id) => call(commands.accessHistory(id)),
  inzageHtml: (id) => call(commands.inzageHtml(id)),
  saveInzageJson: (id, folder) => call(commands.saveInzageJson(id, folder)),
  retentionDue: () => call(commands.retentionDue()),
  setRetentionYears: (years) => call(commands.setRetentionYears(years)),
  destroyYouth: (id, reason) => call(commands.destroyYouth(id, reason)),
  changePassphrase: (current, next) => call(commands.changePassphrase(current, next)),
  changePassphraseAndRotate: (current, next) => call(commands.changePassphraseAndRotate(current, next)),
  recordPrint: (printed) => call(commands.recordPrint(printed)),
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
