import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envNames, loadConfig } from '../../src/config.js';

/**
 * docker-compose.yml read as data: the right services, every app variable known to config.ts
 * and valid together, commands that exist. api/test/image/stack.test.ts (`npm run test:image`)
 * runs the stack itself on a Docker engine.
 */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  restart?: string;
  profiles?: string[];
  entrypoint?: string[];
  volumes?: string[];
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
/** The app image: one build, run by every app service. */
const APP_IMAGE = 'pixeltales:local';
/** The scaled stack: every app service outside a profile. */
const app = Object.entries(services).filter(([, s]) => s.image === APP_IMAGE && !s.profiles);

/** `${NAME:-default}` as compose would expand it with nothing set in the shell. */
const expand = (value: string | number | boolean) =>
  String(value).replace(/\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g, (_m, fallback: string | undefined) => fallback ?? '');
const envOf = (s: Service) => Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, expand(v)]));

describe('docker-compose.yml', () => {
  it('has postgres, redis, a migrate step, two API replicas and two workers', () => {
    const roles = (role: string) => app.filter(([, s]) => envOf(s).ROLES === role && !s.command?.some((c) => /migrate\.(ts|js)$/.test(c)));
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'migrate']));
    expect(roles('api')).toHaveLength(2);
    expect(roles('worker')).toHaveLength(2);
    for (const name of ['postgres', 'redis']) expect(services[name]!.healthcheck?.test.length).toBeGreaterThan(0);
    for (const [, s] of roles('api')) expect(s.healthcheck?.test.join(' ')).toContain('/readyz');
    for (const [, s] of roles('worker')) expect(s.healthcheck?.test.join(' ')).toContain('/healthz');
  });

  it('builds the app image once (the migrate service) and runs that image in every app service', () => {
    expect(app.map(([name]) => name).sort()).toEqual(['api-1', 'api-2', 'migrate', 'worker-1', 'worker-2']);
    expect(app.filter(([, s]) => s.build !== undefined).map(([name]) => name)).toEqual(['migrate']);
  });

  it('is built by a Dockerfile that compiles first and runs the compiled API as a non-root user', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^RUN npm run build/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    const cmd = /^CMD (.+)$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', 'api/dist/main.js']);
    const instructions = dockerfile.split('\n').filter((l) => !l.startsWith('#'));
    expect(instructions.join('\n')).not.toMatch(/tsx/);
  });

  it('runs Redis the way BullMQ needs it: noeviction and AOF on', () => {
    const command = services.redis!.command!.join(' ');
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(command).toMatch(/--appendonly yes/);
  });

  it('gives every app service only variables config.ts knows, and a configuration it accepts', () => {
    for (const [name, s] of app) {
      const env = envOf(s);
      expect(
        Object.keys(env).filter((k) => !envNames.includes(k)),
        name,
      ).toEqual([]);
      const config = loadConfig(env);
      expect(config.queue, name).toBe('bullmq');
      expect(config.pubsub, name).toBe('redis');
      expect(config.database.dialect, name).toBe('postgresql');
      expect(new URL(config.redis.url).hostname, name).toBe('redis');
      expect(new URL(config.database.url).hostname, name).toBe('postgres');
    }
  });

  it('exposes no GraphiQL, introspection or metrics on a published port', () => {
    for (const [name, s] of app) {
      const config = loadConfig(envOf(s));
      expect([config.http.graphiql, config.http.introspection], name).toEqual([false, false]);
      const access = config.hardening.metricsAccess;
      expect(['port', 'token', 'off'], name).toContain(access.mode);
      const published = (s.ports ?? []).map((p) => expand(p).split(':')[1]);
      if (access.port !== null) expect(published, name).not.toContain(String(access.port));
    }
  });

  it('matches the database credentials and ports to the postgres service', () => {
    const pg = services.postgres!.environment!;
    for (const [name, s] of app) {
      const url = new URL(envOf(s).DATABASE_URL!);
      expect([url.username, url.password, url.pathname.slice(1)], name).toEqual([pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, pg.POSTGRES_DB]);
    }
    const published = app.flatMap(([, s]) => s.ports ?? []).map((p) => expand(p).split(':')[0]);
    expect(new Set(published).size).toBe(published.length);
    for (const [, s] of app.filter(([, s]) => s.ports)) expect(expand(s.ports![0]!).split(':')[1]).toBe(envOf(s).PORT);
  });

  it('starts compiled entry points (no tsx), in order: databases healthy → migrate done → roles', () => {
    // api/dist is a build output (not committed): each entry must be the compiled twin of a source file.
    const build = JSON.parse(readFileSync(join(ROOT, 'api/tsconfig.build.json'), 'utf8')) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    const { rootDir, outDir } = build.compilerOptions;
    for (const [name, s] of app) {
      expect(s.command, name).toHaveLength(2);
      const [node, entry] = s.command!;
      expect(node, name).toBe('node');
      expect(entry, name).toMatch(new RegExp(`^api/${outDir}/\\w+\\.js$`));
      const source = entry!.replace(`api/${outDir}/`, `api/${rootDir}/`).replace(/\.js$/, '.ts');
      expect(existsSync(join(ROOT, source)), `${name}: ${source}`).toBe(true);
      expect(envOf(s).NODE_ENV, name).toBe('production');
    }
    expect(services.migrate!.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(services.migrate!.restart).toBe('no');
    for (const [name, s] of app.filter(([n]) => n !== 'migrate')) {
      expect(s.depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
      expect(s.depends_on?.redis?.condition, name).toBe('service_healthy');
    }
  });

  describe('profile ollama: a local model in one step', () => {
    const inProfile = Object.entries(services).filter(([, s]) => s.profiles?.includes('ollama'));
    const names = inProfile.map(([n]) => n);

    it('adds an Ollama server, a one-shot pull of a small model and an app using it; nothing else starts it', () => {
      expect(names.sort()).toEqual(['app-ollama', 'ollama', 'ollama-pull']);
      const server = services.ollama!;
      expect(server.image).toMatch(/^ollama\/ollama:\d+\.\d+\.\d+$/);
      expect(server.healthcheck?.test).toEqual(['CMD', 'ollama', 'list']);
      // Models live in a volume: the pull on a later start finds the model and is quick.
      expect(server.volumes).toEqual(['ollama:/root/.ollama']);
      const pull = services['ollama-pull']!;
      expect(pull.restart).toBe('no');
      expect([...pull.entrypoint!, ...pull.command!.map(expand)]).toEqual(['ollama', 'pull', 'qwen2.5:0.5b']);
      expect(pull.environment?.OLLAMA_HOST).toBe('http://ollama:11434');
      expect(pull.depends_on?.ollama?.condition).toBe('service_healthy');
    });

    it('points the app at the Ollama server with a configuration config.ts accepts, once the model is pulled', () => {
      const s = services['app-ollama']!;
      const env = envOf(s);
      expect(Object.keys(env).filter((k) => !envNames.includes(k))).toEqual([]);
      const config = loadConfig(env);
      expect(config.llm.provider).toBe('openai');
      expect(config.llm.baseUrl).toBe('http://ollama:11434/v1');
      expect(config.llm.model).toBe(expand(services['ollama-pull']!.command![1]!));
      expect([config.database.dialect, config.roles.api, config.roles.worker]).toEqual(['sqlite', true, true]);
      expect(s.depends_on?.['ollama-pull']?.condition).toBe('service_completed_successfully');
      expect(s.command).toEqual(['node', 'api/dist/main.js']);
      // Its own port, not one of the scaled replicas'.
      const published = app.flatMap(([, a]) => a.ports ?? []).map((p) => expand(p).split(':')[0]);
      expect(published).not.toContain(expand(s.ports![0]!).split(':')[0]);
    });
  });
});
