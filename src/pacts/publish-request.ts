// Pure: turns a validated-in-shape publish body into decoded contracts, or field errors the CLI can print.
import { addFieldError, validationError, type FieldErrors } from '../shared/errors.js';
import { buildUrlProblems, nameProblems } from '../shared/names.js';
import { jsonDepth } from '../shared/json.js';
import { limitProblem, type Limits } from '../shared/limits.js';
import { interactionCount, type JsonObject, type PactDocument } from './pact-content.js';
import { pactProblems } from './pact-schema.js';
import type { PublishContractsInput } from './pacts.types.js';

export interface PublishContractsBody {
  pacticipantName: string;
  pacticipantVersionNumber: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  contracts: Array<{
    consumerName: string;
    providerName: string;
    content: string;
    contentType?: string;
    specification?: string;
    onConflict?: 'overwrite' | 'merge';
  }>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A Base64 alphabet character: A-Z a-z 0-9 + / */
function isBase64Char(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 47;
}

/**
 * Padded standard Base64 (whitespace already removed): whole groups of four alphabet characters, the last one
 * possibly ending in `=` or `==`. A linear scan, so a contract of any size is checked without recursion.
 */
export function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  for (let i = 0; i < text.length - padding; i++) if (!isBase64Char(text.charCodeAt(i))) return false;
  return true;
}

function decodeContent(content: string): { text?: string; problem?: string } {
  const compact = content.replace(/\s+/g, '');
  if (!isBase64(compact)) return { problem: 'is not valid Base64' };
  try {
    return { text: utf8.decode(Buffer.from(compact, 'base64')) };
  } catch {
    return { problem: 'is not valid UTF-8 once decoded from Base64' };
  }
}

function nameErrors(errors: FieldErrors, limits: Limits, field: string, value: string | undefined): void {
  if (value === undefined) return;
  for (const problem of nameProblems(value, limits)) addFieldError(errors, field, problem);
}

/**
 * Problems with the shape of a parsed pact document; empty when it is a pact. The nesting depth and the number of
 * interactions are checked first (an iterative walk and a count), so nothing recursive or costly sees an
 * over-limit document.
 */
export function pactStructureProblems(document: unknown, limits: Limits): string[] {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return [`parsed content was expected to be an object but was ${Array.isArray(document) ? 'an array' : typeof document}`];
  }
  const tooDeep = limitProblem(limits, 'jsonDepth', jsonDepth(document));
  if (tooDeep) return [`content ${tooDeep}`];
  const tooMany = limitProblem(limits, 'interactionsPerPact', interactionCount(document as JsonObject));
  if (tooMany) return [`content ${tooMany}`];
  return pactProblems(document).map((p) => `content is not a valid pact: ${p}`);
}

/** Checks a parsed pact document against the names it is published under. */
export function documentProblems(document: unknown, consumerName: string, providerName: string, limits: Limits): string[] {
  const problems = pactStructureProblems(document, limits);
  if (problems.length) return problems;
  const pact = document as PactDocument;
  if (pact.consumer.name !== consumerName) {
    problems.push(`consumer name in contract content ('${pact.consumer.name}') must match consumerName in contract params ('${consumerName}')`);
  }
  if (pact.provider.name !== providerName) {
    problems.push(`provider name in contract content ('${pact.provider.name}') must match providerName in contract params ('${providerName}')`);
  }
  return problems;
}

export function parsePublishContracts(body: PublishContractsBody, limits: Limits): PublishContractsInput {
  const errors: FieldErrors = {};
  nameErrors(errors, limits, 'pacticipantName', body.pacticipantName);
  nameErrors(errors, limits, 'pacticipantVersionNumber', body.pacticipantVersionNumber);
  nameErrors(errors, limits, 'branch', body.branch);
  body.tags?.forEach((tag) => nameErrors(errors, limits, 'tags', tag));
  for (const problem of buildUrlProblems(body.buildUrl)) addFieldError(errors, 'buildUrl', problem);
  if (body.contracts.length === 0) addFieldError(errors, 'contracts', 'must contain at least one contract');

  const seen = new Set<string>();
  const contracts = body.contracts.map((contract, index) => {
    const at = ` (at index ${index})`;
    const problems: string[] = [];
    for (const field of ['consumerName', 'providerName'] as const) {
      for (const p of nameProblems(contract[field], limits)) problems.push(`${field} ${p}`);
    }
    if (contract.consumerName !== body.pacticipantName) {
      problems.push(`consumerName ('${contract.consumerName}') must match pacticipantName ('${body.pacticipantName}')`);
    }
    if (seen.has(contract.providerName)) problems.push(`duplicate contract for provider '${contract.providerName}'`);
    seen.add(contract.providerName);
    let document: PactDocument | undefined;
    const decoded = decodeContent(contract.content);
    if (decoded.problem) {
      problems.push(decoded.problem);
    } else {
      try {
        const parsed: unknown = JSON.parse(decoded.text!);
        const docProblems = documentProblems(parsed, contract.consumerName, contract.providerName, limits);
        problems.push(...docProblems);
        if (!docProblems.length) document = parsed as PactDocument;
      } catch {
        problems.push('content could not be parsed as application/json');
      }
    }
    for (const problem of problems) addFieldError(errors, 'contracts', problem + at);
    return {
      consumerName: contract.consumerName,
      providerName: contract.providerName,
      document: document!,
      onConflict: contract.onConflict ?? 'overwrite',
    };
  });

  if (Object.keys(errors).length) throw validationError(errors);
  return {
    pacticipantName: body.pacticipantName,
    pacticipantVersionNumber: body.pacticipantVersionNumber,
    branch: body.branch,
    tags: [...new Set(body.tags ?? [])],
    buildUrl: body.buildUrl,
    contracts,
  };
}
