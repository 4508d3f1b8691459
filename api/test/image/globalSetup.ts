import type { TestProject } from 'vitest/node';
import { DOCKER, IMAGE, requireDocker, ROOT, run, SCRIPTS } from './docker.js';

export interface BuiltImage {
  tag: string;
  buildMs: number;
  sizeBytes: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The app image built from this checkout, or null when no engine answers (outside CI). */
    image: BuiltImage | null;
  }
}

/**
 * Once per `npm run test:image`: the base images (pulled, already here, or stand-ins made by
 * scripts/docker/standins.sh), then `docker build` of this checkout, timed. Build time and image
 * size are printed. Every suite then runs that one image.
 */
export default async function setup(project: TestProject): Promise<void> {
  if (!requireDocker('app image')) {
    project.provide('image', null);
    return;
  }
  const bases = await run('bash', [`${SCRIPTS}/standins.sh`, 'node', 'postgres', 'redis'], { cwd: ROOT });
  process.stdout.write(bases.stdout);
  if (bases.status !== 0) throw new Error(`base images: exit ${bases.status}\n${bases.stdout}${bases.stderr}`);

  // No registry bridge on this machine kind: RUN steps reach the network through the host's.
  const build = await run('nice', ['-n', '10', DOCKER, 'build', '--network=host', '-t', IMAGE, '.'], { cwd: ROOT });
  if (build.status !== 0) throw new Error(`docker build exited ${build.status}:\n${(build.stdout + build.stderr).slice(-6_000)}`);
  const sizeBytes = Number((await run(DOCKER, ['image', 'inspect', '-f', '{{.Size}}', IMAGE])).stdout.trim());
  console.info(`[image] ${IMAGE}: built in ${(build.ms / 1000).toFixed(1)} s, ${(sizeBytes / 1e6).toFixed(0)} MB`);
  project.provide('image', { tag: IMAGE, buildMs: build.ms, sizeBytes });
}
