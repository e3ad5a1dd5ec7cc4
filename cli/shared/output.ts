// The one output module: every command hands back a CommandResult (its data plus how it reads as text and markdown)
// and this turns it into what is printed for --output text|json|markdown. Pure, apart from `emit`.
import { EXIT, type ExitCode } from './exit-codes.js';

export const FORMATS = ['text', 'json', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface CommandResult {
  exitCode: ExitCode;
  /** What --output json prints (the broker's answer, plus the decision where there is one). */
  json: unknown;
  /** Lines for a person reading a CI log. */
  text: string[];
  /** Lines for a PR comment; the text in a code block when a command has nothing better. */
  markdown?: string[];
}

export function render(result: CommandResult, format: Format): string {
  if (format === 'json') return `${JSON.stringify(result.json, null, 2)}\n`;
  if (format === 'markdown') return `${(result.markdown ?? ['```', ...result.text, '```']).join('\n')}\n`;
  return result.text.length === 0 ? '' : `${result.text.join('\n')}\n`;
}

export function emit(result: CommandResult, format: Format): void {
  process.stdout.write(render(result, format));
}

/** Columns padded to the widest cell; the last column is not padded. */
export function textTable(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const mdCell = (value: string) => value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function markdownTable(headers: string[], rows: string[][]): string[] {
  return [`| ${headers.map(mdCell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}

// ---- can-i-deploy / can-i-merge ---------------------------------------------------------------------------------

export interface MatrixBody {
  summary?: { deployable?: boolean | null; reason?: string; success?: number; failed?: number; unknown?: number; ignored?: number };
  notices?: { type: string; text: string }[];
  matrix?: any[];
}

export interface MatrixRowView {
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string;
  result: 'success' | 'failed' | 'unknown' | 'ignored';
  reason: string;
}

function rowReason(row: any, result: MatrixRowView['result']): string {
  const kind: string | undefined = row?.reason?.kind;
  const provider = row?.provider?.name ?? 'the provider';
  switch (kind === 'ignored' ? row.reason.wouldBe : kind) {
    case 'verified':
      return 'verified';
    case 'failed':
      return 'verification failed';
    case 'missing_verification':
      return row?.reason?.providerVersion ? `not verified by ${provider} ${row.reason.providerVersion}` : 'not verified yet';
    case 'no_deployed_version':
      return `no ${provider} version in the target`;
    default:
      return result === 'success' ? 'verified' : result === 'failed' ? 'verification failed' : 'not verified yet';
  }
}

/** Pure: the broker's matrix rows → one display row each. */
export function matrixRows(body: MatrixBody): MatrixRowView[] {
  return (body.matrix ?? []).map((row) => {
    const success = row?.verificationResult?.success;
    const result: MatrixRowView['result'] = row?.ignored ? 'ignored' : success === true ? 'success' : success === false ? 'failed' : 'unknown';
    const reason = rowReason(row, result);
    return {
      consumer: String(row?.consumer?.name ?? '?'),
      consumerVersion: String(row?.consumer?.version?.number ?? '-'),
      provider: String(row?.provider?.name ?? '?'),
      providerVersion: String(row?.provider?.version?.number ?? '-'),
      result,
      reason: result === 'ignored' ? `ignored (${reason})` : reason,
    };
  });
}

/** One line naming what is still missing, for the retry log ("orders has not verified web 1a2b3c"). */
export function unknownSummary(body: MatrixBody): string {
  const missing = matrixRows(body)
    .filter((r) => r.result === 'unknown')
    .map((r) => `${r.provider} has not verified ${r.consumer} ${r.consumerVersion}`);
  if (missing.length > 0) return [...new Set(missing)].join('; ');
  return body.summary?.reason?.split('\n')[0] ?? 'no answer yet';
}

export const ANSWER = { [EXIT.ok]: 'yes', [EXIT.no]: 'no', [EXIT.unknown]: 'unknown' } as Record<number, string>;

const HEADERS = ['CONSUMER', 'C.VERSION', 'PROVIDER', 'P.VERSION', 'RESULT', 'REASON'];
const MD_HEADERS = ['Consumer', 'Version', 'Provider', 'Version', 'Result', 'Reason'];
const MD_RESULT: Record<MatrixRowView['result'], string> = { success: '✅ success', failed: '❌ failed', unknown: '❔ unknown', ignored: '➖ ignored' };

export interface MatrixContext {
  /** "can-i-deploy web 1a2b3c to production". */
  question: string;
  exitCode: ExitCode;
  /** The exit code the answer would have given, when --dry-run turned it into 0. */
  dryRunOf?: ExitCode;
  attempts: number;
}

function verdict(ctx: MatrixContext): string {
  const answer = ctx.dryRunOf ?? ctx.exitCode;
  const dry = ctx.dryRunOf === undefined ? '' : ' (dry run: exit 0)';
  if (answer === EXIT.ok) return `Computer says yes \\o/ ${ctx.question}${dry}`;
  if (answer === EXIT.no) return `Computer says no: ${ctx.question}${dry}`;
  return `Still unknown${ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : ''}: ${ctx.question}${dry}`;
}

/** can-i-deploy's answer for each format: table, why, next steps, verdict. */
export function matrixResult(body: MatrixBody, ctx: MatrixContext): CommandResult {
  const rows = matrixRows(body);
  const notices = body.notices ?? [];
  const why = notices.filter((n) => n.type === 'error' || n.type === 'warning' || n.type === 'danger').map((n) => n.text);
  const next = notices.filter((n) => n.type === 'prompt' || n.type === 'info').map((n) => n.text.trim());
  const success = notices.filter((n) => n.type === 'success').map((n) => n.text);

  const text: string[] = [];
  if (rows.length > 0) text.push(...textTable(HEADERS, rows.map((r) => [r.consumer, r.consumerVersion, r.provider, r.providerVersion, r.result, r.reason])), '');
  if (why.length > 0) text.push('Why:', ...why.map((t) => `  - ${t}`));
  if (next.length > 0) text.push('Next steps:', ...next.map((t) => `  - ${t}`));
  if (why.length === 0 && success.length > 0) text.push(...success);
  text.push(verdict(ctx));

  const answer = ctx.dryRunOf ?? ctx.exitCode;
  const icon = answer === EXIT.ok ? '✅' : answer === EXIT.no ? '❌' : '❔';
  const markdown: string[] = [`### ${icon} ${ctx.question}: ${ANSWER[answer]}`, ''];
  if (rows.length > 0) markdown.push(...markdownTable(MD_HEADERS, rows.map((r) => [r.consumer, r.consumerVersion, r.provider, r.providerVersion, MD_RESULT[r.result], r.reason])), '');
  if (why.length > 0) markdown.push('**Why**', '', ...why.map((t) => `- ${mdCell(t)}`), '');
  if (next.length > 0) markdown.push('**Next steps**', '', ...next.map((t) => `- ${mdCell(t)}`), '');
  if (why.length === 0 && success.length > 0) markdown.push(...success, '');
  markdown.push(`<sub>${verdict(ctx).replace('\\o/', '')}</sub>`);

  return {
    exitCode: ctx.exitCode,
    json: { ...body, decision: { answer: ANSWER[answer], exitCode: ctx.exitCode, attempts: ctx.attempts, ...(ctx.dryRunOf === undefined ? {} : { dryRun: true }) } },
    text,
    markdown,
  };
}

// ---- notices (publish and others) --------------------------------------------------------------------------------

const NOTICE_MARK: Record<string, string> = { success: '✓', error: '✗', warning: '!', danger: '✗', prompt: '>', info: '-', debug: ' ' };

export function noticeLines(notices: { type: string; text: string }[] | undefined, includeDebug = true): string[] {
  return (notices ?? [])
    .filter((n) => includeDebug || n.type !== 'debug')
    .flatMap((n) => String(n.text).split('\n').map((line, i) => `${i === 0 ? (NOTICE_MARK[n.type] ?? '-') : ' '} ${line}`.trimEnd()));
}

/** A simple result: the same lines as text, and as a markdown list. */
export function simpleResult(json: unknown, lines: string[], exitCode: ExitCode = EXIT.ok): CommandResult {
  return { exitCode, json, text: lines, markdown: lines.map((l) => (l.trim() === '' ? '' : `- ${mdCell(l.trim())}`)) };
}
