import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ENV_NAMES } from '../../src/config.js';
import { healthcheckCommand, parseDockerfile } from '../support/dockerfile.js';

// No Docker engine runs here: the compose file is checked by parsing it.
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as {
  services: Record<string, { environment?: Record<string, string>; healthcheck?: { test: unknown }; depends_on?: Record<string, { condition: string }>; build?: string; image?: string; ports?: string[] }>;
};

describe('docker-compose.yml', () => {
  it('runs Treaty on PostgreSQL, started once the database is healthy', () => {
    const { treaty, postgres } = compose.services;
    expect(postgres?.healthcheck?.test).toBeTruthy();
    expect(treaty?.healthcheck?.test).toBeTruthy();
    expect(treaty?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(treaty?.build).toBe('.');
    expect(treaty?.ports).toContain('9292:9292');
  });

  it('configures Treaty only through variables Treaty reads', () => {
    const known = new Set<string>(Object.values(ENV_NAMES).flat());
    for (const name of Object.keys(compose.services.treaty?.environment ?? {})) expect(known, name).toContain(name);
    const url = compose.services.treaty?.environment?.DATABASE_URL ?? '';
    const pg = compose.services.postgres?.environment ?? {};
    expect(url).toBe(`postgres://${pg.POSTGRES_USER}:${pg.POSTGRES_PASSWORD}@postgres:5432/${pg.POSTGRES_DB}`);
  });

  it('checks Treaty with the image\'s healthcheck: exec form, no shell, nothing for compose to interpolate', () => {
    const { treaty } = compose.services;
    expect(treaty?.image, 'the image built from ./Dockerfile, not a published one').toBeUndefined();
    const test = treaty?.healthcheck?.test as string[];
    expect(test[0]).toBe('CMD');
    expect(test[1]).toBe('node');
    expect(test.join(' ')).not.toContain('$');
    const dockerfile = parseDockerfile(readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8'));
    const image = healthcheckCommand(dockerfile.find((instruction) => instruction.keyword === 'HEALTHCHECK')?.args ?? '');
    expect(image.form).toBe('exec');
    expect(test.slice(1)).toEqual(image.command);
  });
});
