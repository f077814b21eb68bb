#ifndef BOSUN_SPAWN_CHILD_H
#define BOSUN_SPAWN_CHILD_H

#include "CSpawn.h"

/// Every signal's disposition back to the default (the daemon's handlers write to its signal
/// pipe). Async-signal-safe.
void bosun_default_dispositions(void);

/// The child's side of a spawn, after vfork or clone: a new session, an empty signal mask and
/// default dispositions, the pipes on 0-2, every other descriptor closed, then user,
/// directory, umask and exec. Only async-signal-safe calls, and no write to memory it shares
/// with its parent. Never returns: a failure is written to the child's stderr in supervisord's
/// words and the child exits 127.
_Noreturn void bosun_child_run(const bosun_spawn_request *r);

#endif
