// What a page renderer hands its route: the status and the full document. An unknown name is a 404 page that says
// what was not found (never a stack trace, never the JSON error body).
import { DomainError } from '../../shared/errors.js';
import { renderNotFound } from './not-found.view.js';

export interface PageResult {
  status: number;
  html: string;
}

/** Runs a renderer; a not_found DomainError becomes the 404 page with its message, anything else propagates. */
export async function pageOrNotFound(title: string, render: () => Promise<string>): Promise<PageResult> {
  try {
    return { status: 200, html: await render() };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return { status: 404, html: renderNotFound(title, error.message) };
    throw error;
  }
}
