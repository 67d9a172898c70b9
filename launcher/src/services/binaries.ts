import { accessSync, constants } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/*
 * Where an installed server program is. Debian puts nats-server in /usr/sbin, which an ordinary
 * user's PATH does not list; so beside every `…/bin` folder of PATH its `…/sbin` sibling is
 * searched too. An explicit setting (QMS_NATS_SERVER, QMS_REDIS_SERVER) wins; a setting that
 * names no program means "not installed", and says so.
 */

export type Found = { ok: true; path: string } | { ok: false; reason: string }

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The folders searched for a server program: PATH, each `bin` folder's `sbin` sibling. */
export function searchPath(pathVariable: string | undefined): string[] {
  const dirs: string[] = []
  for (const dir of (pathVariable ?? '').split(':')) {
    if (dir === '') continue
    dirs.push(dir)
    if (basename(dir) === 'bin') dirs.push(join(dirname(dir), 'sbin'))
  }
  return [...new Set(dirs)]
}

/**
 * Finds `program` (e.g. `nats-server`): the explicit setting when given, else the first
 * executable in `searchPath(PATH)`.
 */
export function findProgram(
  program: string,
  options: { explicit?: string; explicitName?: string; path?: string },
): Found {
  if (options.explicit !== undefined && options.explicit !== '') {
    if (executable(options.explicit)) return { ok: true, path: options.explicit }
    return {
      ok: false,
      reason: `${options.explicitName ?? 'the setting'}=${options.explicit} is not an executable program`,
    }
  }
  for (const dir of searchPath(options.path)) {
    const file = join(dir, program)
    if (executable(file)) return { ok: true, path: file }
  }
  return {
    ok: false,
    reason: `${program} is not installed (not on PATH, nor in an sbin beside it)`,
  }
}
