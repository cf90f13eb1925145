var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/main.ts
import { chmodSync as chmodSync2, mkdirSync as mkdirSync5, writeFileSync as writeFileSync4 } from "node:fs";
import path8 from "node:path";

// src/db/database.ts
import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
function withStatementCache(sqlite, max = 500) {
  const cache = /* @__PURE__ */ new Map();
  return {
    close: () => sqlite.close(),
    prepare(sql4) {
      let statement = cache.get(sql4);
      if (!statement) {
        statement = sqlite.prepare(sql4);
        if (cache.size >= max) cache.delete(cache.keys().next().value);
        cache.set(sql4, statement);
      }
      return statement;
    }
  };
}
function openDatabase(config) {
  if (config.dialect === "sqlite") {
    mkdirSync(path.dirname(config.file), { recursive: true });
    const sqlite = new SqliteDatabase(config.file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    const db2 = new Kysely({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    const dataVersion = sqlite.prepare("pragma data_version").pluck();
    return { db: db2, dialect: "sqlite", dataVersion: () => dataVersion.get(), close: () => db2.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    connectionTimeoutMillis: 5e3,
    idleTimeoutMillis: 3e4
  });
  pool.on("error", () => {
  });
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", close: () => db.destroy() };
}

// src/db/migrate.ts
import { Migrator } from "kysely";

// src/db/migrations/2026-11-29T00-initial.ts
var T00_initial_exports = {};
__export(T00_initial_exports, {
  down: () => down,
  up: () => up
});
import { PostgresAdapter } from "kysely";
function withId(db, table) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return postgres ? table.addColumn("id", "serial", (c) => c.primaryKey()) : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
}
var notNull = (c) => c.notNull();
async function up(db) {
  await withId(db, db.schema.createTable("users")).addColumn("username", "varchar(255)", (c) => c.notNull().unique()).addColumn("name", "varchar(255)", notNull).addColumn("email", "varchar(255)", (c) => c.notNull().unique()).addColumn("password_hash", "text").addColumn("user_type", "varchar(32)", notNull).addColumn("is_admin", "integer", (c) => c.notNull().defaultTo(0)).addColumn("state", "varchar(32)", (c) => c.notNull().defaultTo("active")).addColumn("bot_project_id", "integer").addColumn("created_at", "varchar(32)", notNull).execute();
  await db.schema.createIndex("users_user_type").on("users").column("user_type").execute();
  await withId(db, db.schema.createTable("namespaces")).addColumn("path", "varchar(255)", (c) => c.notNull().unique()).addColumn("name", "varchar(255)", notNull).addColumn("kind", "varchar(32)", notNull).addColumn("owner_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade")).addColumn("created_at", "varchar(32)", notNull).execute();
  await withId(db, db.schema.createTable("projects")).addColumn("namespace_id", "integer", (c) => c.notNull().references("namespaces.id")).addColumn("name", "varchar(255)", notNull).addColumn("path", "varchar(255)", notNull).addColumn("description", "text").addColumn("visibility", "varchar(16)", notNull).addColumn("default_branch", "varchar(255)", notNull).addColumn("creator_id", "integer").addColumn("issue_counter", "integer", (c) => c.notNull().defaultTo(0)).addColumn("created_at", "varchar(32)", notNull).addColumn("last_activity_at", "varchar(32)", notNull).addUniqueConstraint("projects_namespace_path", ["namespace_id", "path"]).execute();
  await withId(db, db.schema.createTable("members")).addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade")).addColumn("user_id", "integer", (c) => c.notNull().references("users.id")).addColumn("access_level", "integer", notNull).addColumn("expires_at", "varchar(10)").addColumn("created_by_id", "integer").addColumn("created_at", "varchar(32)", notNull).addUniqueConstraint("members_project_user", ["project_id", "user_id"]).execute();
  await db.schema.createIndex("members_user").on("members").column("user_id").execute();
  await withId(db, db.schema.createTable("personal_access_tokens")).addColumn("user_id", "integer", notNull).addColumn("project_id", "integer").addColumn("name", "varchar(255)", notNull).addColumn("description", "text").addColumn("digest", "varchar(64)", (c) => c.notNull().unique()).addColumn("scopes", "text", notNull).addColumn("access_level", "integer").addColumn("expires_at", "varchar(10)").addColumn("revoked", "integer", (c) => c.notNull().defaultTo(0)).addColumn("created_at", "varchar(32)", notNull).addColumn("last_used_at", "varchar(32)").addColumn("last_used_ips", "text", (c) => c.notNull().defaultTo("[]")).addColumn("last_used_ips_at", "varchar(32)").addColumn("previous_personal_access_token_id", "integer").execute();
  await db.schema.createIndex("personal_access_tokens_user").on("personal_access_tokens").column("user_id").execute();
  await db.schema.createIndex("personal_access_tokens_project").on("personal_access_tokens").column("project_id").execute();
  await db.schema.createIndex("personal_access_tokens_previous").on("personal_access_tokens").column("previous_personal_access_token_id").execute();
  await withId(db, db.schema.createTable("issues")).addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade")).addColumn("iid", "integer", notNull).addColumn("title", "varchar(255)", notNull).addColumn("description", "text").addColumn("state", "varchar(16)", notNull).addColumn("author_id", "integer", (c) => c.notNull().references("users.id")).addColumn("updated_by_id", "integer", (c) => c.references("users.id")).addColumn("closed_by_id", "integer", (c) => c.references("users.id")).addColumn("created_at", "varchar(32)", notNull).addColumn("updated_at", "varchar(32)", notNull).addColumn("closed_at", "varchar(32)").addUniqueConstraint("issues_project_iid", ["project_id", "iid"]).execute();
  await db.schema.createIndex("issues_author").on("issues").column("author_id").execute();
  await withId(db, db.schema.createTable("notes")).addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade")).addColumn("issue_id", "integer", (c) => c.notNull().references("issues.id").onDelete("cascade")).addColumn("body", "text", notNull).addColumn("author_id", "integer", (c) => c.notNull().references("users.id")).addColumn("created_at", "varchar(32)", notNull).addColumn("updated_at", "varchar(32)", notNull).execute();
  await db.schema.createIndex("notes_issue").on("notes").column("issue_id").execute();
  await db.schema.createIndex("notes_author").on("notes").column("author_id").execute();
  await withId(db, db.schema.createTable("events")).addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade")).addColumn("author_id", "integer", (c) => c.notNull().references("users.id")).addColumn("action_name", "varchar(64)", notNull).addColumn("target_type", "varchar(64)").addColumn("target_id", "integer").addColumn("target_iid", "integer").addColumn("target_title", "varchar(255)").addColumn("data", "text").addColumn("created_at", "varchar(32)", notNull).execute();
  await db.schema.createIndex("events_project").on("events").columns(["project_id", "id"]).execute();
  await db.schema.createIndex("events_author").on("events").column("author_id").execute();
  await withId(db, db.schema.createTable("audit_events")).addColumn("entity_type", "varchar(32)", notNull).addColumn("entity_id", "integer", notNull).addColumn("author_id", "integer", notNull).addColumn("author_name", "varchar(255)", notNull).addColumn("event_name", "varchar(64)", notNull).addColumn("target_id", "integer").addColumn("target_type", "varchar(64)").addColumn("target_details", "varchar(255)").addColumn("custom_message", "text", notNull).addColumn("ip_address", "varchar(64)").addColumn("created_at", "varchar(32)", notNull).execute();
  await db.schema.createIndex("audit_events_entity").on("audit_events").columns(["entity_type", "entity_id", "id"]).execute();
  await db.schema.createTable("sessions").addColumn("id_digest", "varchar(64)", (c) => c.primaryKey()).addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade")).addColumn("csrf_token", "varchar(64)", notNull).addColumn("created_at", "varchar(32)", notNull).addColumn("expires_at", "varchar(32)", notNull).execute();
  await withId(db, db.schema.createTable("ssh_keys")).addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade")).addColumn("title", "varchar(255)", notNull).addColumn("key", "text", notNull).addColumn("fingerprint", "varchar(128)", (c) => c.notNull().unique()).addColumn("created_at", "varchar(32)", notNull).addColumn("expires_at", "varchar(32)").execute();
  await db.schema.createTable("auth_failures").addColumn("ip", "varchar(64)", (c) => c.primaryKey()).addColumn("failures", "integer", notNull).addColumn("window_started_at", "varchar(32)", notNull).addColumn("banned_until", "varchar(32)").execute();
}
async function down() {
  throw new Error("Latchkey migrations are forward-only");
}

// src/db/migrations/2026-11-30T05-container-registry.ts
var T05_container_registry_exports = {};
__export(T05_container_registry_exports, {
  down: () => down2,
  up: () => up2
});
import { PostgresAdapter as PostgresAdapter2 } from "kysely";
async function up2(db) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter2;
  const id = (table) => postgres ? db.schema.createTable(table).addColumn("id", "serial", (c) => c.primaryKey()) : db.schema.createTable(table).addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
  await id("container_repositories").addColumn("project_id", "integer", (c) => c.notNull().references("projects.id").onDelete("cascade")).addColumn("name", "varchar(255)", (c) => c.notNull()).addColumn("path", "varchar(255)", (c) => c.notNull().unique()).addColumn("created_at", "varchar(32)", (c) => c.notNull()).execute();
  await db.schema.createIndex("container_repositories_project").on("container_repositories").columns(["project_id", "id"]).execute();
  await id("container_repository_tags").addColumn("repository_id", "integer", (c) => c.notNull().references("container_repositories.id").onDelete("cascade")).addColumn("name", "varchar(128)", (c) => c.notNull()).addColumn("digest", "varchar(160)", (c) => c.notNull()).addColumn("media_type", "varchar(255)").addColumn("revision", "varchar(160)").addColumn("total_size", "bigint").addColumn("created_at", "varchar(32)", (c) => c.notNull()).addColumn("updated_at", "varchar(32)", (c) => c.notNull()).addUniqueConstraint("container_repository_tags_repository_name", ["repository_id", "name"]).execute();
}
async function down2() {
  throw new Error("Latchkey migrations are forward-only");
}

// src/db/migrations/2026-11-30T06-ssh-key-usage.ts
var T06_ssh_key_usage_exports = {};
__export(T06_ssh_key_usage_exports, {
  down: () => down3,
  up: () => up3
});
async function up3(db) {
  await db.schema.alterTable("ssh_keys").addColumn("usage_type", "varchar(32)", (c) => c.notNull().defaultTo("auth_and_signing")).execute();
  await db.schema.createIndex("ssh_keys_user").on("ssh_keys").columns(["user_id", "id"]).execute();
}
async function down3() {
  throw new Error("Latchkey migrations are forward-only");
}

// src/db/migrations/2026-11-30T07-auth-change-notify.ts
var T07_auth_change_notify_exports = {};
__export(T07_auth_change_notify_exports, {
  down: () => down4,
  up: () => up4
});
import { PostgresAdapter as PostgresAdapter3, sql } from "kysely";
async function up4(db) {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter3)) return;
  await sql`
    create function latchkey_notify_auth_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('latchkey_auth', tg_table_name);
      return null;
    end $$`.execute(db);
  await sql`
    create trigger personal_access_tokens_auth_change
    after update of revoked, expires_at, scopes, user_id, project_id, digest or delete on personal_access_tokens
    for each statement execute function latchkey_notify_auth_change()`.execute(db);
  await sql`
    create trigger users_auth_change
    after update of state, is_admin, user_type, username, name, email, bot_project_id or delete on users
    for each statement execute function latchkey_notify_auth_change()`.execute(db);
}
async function down4() {
  throw new Error("Latchkey migrations are forward-only");
}

// src/db/migrations/2026-11-30T10-session-indexes.ts
var T10_session_indexes_exports = {};
__export(T10_session_indexes_exports, {
  down: () => down5,
  up: () => up5
});
async function up5(db) {
  await db.schema.createIndex("sessions_expires_at").on("sessions").column("expires_at").execute();
  await db.schema.createIndex("sessions_user_id").on("sessions").column("user_id").execute();
}
async function down5() {
  throw new Error("Latchkey migrations are forward-only");
}

// src/db/migrate.ts
var MIGRATIONS = {
  "2026-11-29T00-initial": T00_initial_exports,
  "2026-11-30T05-container-registry": T05_container_registry_exports,
  "2026-11-30T06-ssh-key-usage": T06_ssh_key_usage_exports,
  "2026-11-30T07-auth-change-notify": T07_auth_change_notify_exports,
  "2026-11-30T10-session-indexes": T10_session_indexes_exports
};
async function migrateToLatest(db) {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: "latchkey_migrations",
    migrationLockTableName: "latchkey_migrations_lock"
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

// src/domain/clock.ts
var systemClock = { now: () => /* @__PURE__ */ new Date() };
function utcDate(instant) {
  return instant.toISOString().slice(0, 10);
}
function addDays(date, days) {
  const d = /* @__PURE__ */ new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return utcDate(d);
}
function isValidDate(value) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = /* @__PURE__ */ new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && utcDate(d) === value && d.getUTCFullYear() >= 1;
}

// src/http/server.ts
import { randomUUID as randomUUID2 } from "node:crypto";
import { parse as parseQuery } from "node:querystring";
import Fastify from "fastify";

// src/domain/errors.ts
var AppError = class extends Error {
  code;
  /** For insufficient_scope: the scopes that would do. For field_errors: field → messages. */
  details;
  constructor(code, message, details = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
};
var notFound = (what) => new AppError("not_found", `${what} Not Found`);
var forbidden = () => new AppError("forbidden", "Forbidden");
var badRequest = (reason) => new AppError("bad_request", reason);
var invalidParam = (message) => new AppError("validation", message);
var fieldErrors = (errors) => new AppError("field_errors", Object.values(errors).flat().join(", "), { errors });

// src/domain/scopes.ts
var PROJECT_TOKEN_SCOPES = [
  "api",
  "read_api",
  "read_repository",
  "write_repository",
  "read_registry",
  "write_registry",
  "self_rotate"
];
var PERSONAL_TOKEN_SCOPES = [...PROJECT_TOKEN_SCOPES, "read_user"];
var ABILITIES = {
  api: [
    "read_project",
    "download_code",
    "push_code",
    "read_container_image",
    "create_container_image",
    "admin_container_image"
  ],
  read_api: ["read_project", "download_code", "read_container_image"],
  read_repository: ["download_code"],
  write_repository: ["download_code", "push_code"],
  read_registry: ["read_container_image"],
  write_registry: ["create_container_image"],
  self_rotate: [],
  read_user: []
};
function isScope(value) {
  return typeof value === "string" && PERSONAL_TOKEN_SCOPES.includes(value);
}
function scopesGrant(scopes, ability) {
  return scopes.some((scope) => ABILITIES[scope].includes(ability));
}
function scopesGranting(ability) {
  return PROJECT_TOKEN_SCOPES.filter((scope) => ABILITIES[scope].includes(ability));
}

// src/auth/abilities.ts
function principalHasAbility(principal, ability) {
  if (principal.kind === "anonymous") return ability === "read_project" || ability === "download_code" || ability === "read_container_image";
  return principal.via !== "token" || scopesGrant(principal.token.scopes, ability);
}
function requireAbility(principal, ability) {
  if (!principalHasAbility(principal, ability)) {
    throw new AppError("insufficient_scope", "Insufficient scope", { scopes: scopesGranting(ability) });
  }
}
function requireApiScope(principal, method, alsoAccepted = []) {
  if (principal.kind === "anonymous" || principal.via !== "token") return;
  const scopes = principal.token.scopes;
  const reading = method === "GET" || method === "HEAD";
  if (scopes.includes("api")) return;
  if (reading && scopes.includes("read_api")) return;
  if (alsoAccepted.some((scope) => scopes.includes(scope))) return;
  const wouldDo = reading ? ["api", "read_api"] : ["api"];
  throw new AppError("insufficient_scope", "Insufficient scope", {
    scopes: [...wouldDo, ...alsoAccepted.filter((s) => !wouldDo.includes(s))]
  });
}

// src/domain/principal.ts
var ANONYMOUS = { kind: "anonymous" };

// src/domain/token-format.ts
import { createHmac, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
var RANDOM_LENGTH = 22;
var CHECKSUM_LENGTH = 7;
var MAX_TOKEN_LENGTH = 128;
var SHAPE = /^([A-Za-z0-9_.-]{0,64}?)([A-Za-z0-9_-]{22})([0-9a-z]{7})$/;
function checksum(body) {
  return crc32(body).toString(36).padStart(CHECKSUM_LENGTH, "0");
}
function generateToken(prefix) {
  const body = prefix + randomBytes(16).toString("base64url").slice(0, RANDOM_LENGTH);
  return body + checksum(body);
}
function hasValidTokenShape(token) {
  if (token.length > MAX_TOKEN_LENGTH) return false;
  const match = SHAPE.exec(token);
  if (!match) return false;
  const body = token.slice(0, token.length - CHECKSUM_LENGTH);
  return checksum(body) === match[3];
}
function tokenDigest(secret, token) {
  return createHmac("sha256", secret).update(token).digest("hex");
}

// src/db/pagination.ts
var offsetOf = (page) => (page.page - 1) * page.perPage;
function paged(items, total, page) {
  return { items, total: Number(total), page: page.page, perPage: page.perPage };
}

// src/db/text-match.ts
import { sql as sql2 } from "kysely";
function containsText(column, text2) {
  const pattern = `%${text2.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql2`lower(${sql2.ref(column)}) like ${pattern} escape '\\'`;
}

// src/db/reusable-query.ts
function reusableQuery(build, sentinels) {
  const compiled = /* @__PURE__ */ new WeakMap();
  return async (db, ...args) => {
    let entry = compiled.get(db);
    if (!entry) {
      const query = build(db, ...sentinels).compile();
      const positions = query.parameters.map((value) => sentinels.indexOf(value));
      if (positions.includes(-1) || new Set(sentinels).size !== sentinels.length) {
        throw new Error("reusableQuery: every compiled parameter must be one of the distinct sentinels");
      }
      entry = { query, positions };
      compiled.set(db, entry);
    }
    const parameters = entry.positions.map((index) => args[index]);
    const result = await db.executeQuery({ ...entry.query, parameters });
    return result.rows;
  };
}

// src/db/repositories/tokens.ts
var tokenWithUserByDigest = reusableQuery(
  (db, digest) => db.selectFrom("personal_access_tokens as t").innerJoin("users as u", "u.id", "t.user_id").selectAll("t").select([
    "u.username as u_username",
    "u.name as u_name",
    "u.email as u_email",
    "u.password_hash as u_password_hash",
    "u.user_type as u_user_type",
    "u.is_admin as u_is_admin",
    "u.state as u_state",
    "u.bot_project_id as u_bot_project_id",
    "u.created_at as u_created_at"
  ]).where("t.digest", "=", digest),
  ["\0digest"]
);
async function findTokenByDigest(db, digest) {
  const [row] = await tokenWithUserByDigest(db, digest);
  if (!row) return void 0;
  const {
    u_username,
    u_name,
    u_email,
    u_password_hash,
    u_user_type,
    u_is_admin,
    u_state,
    u_bot_project_id,
    u_created_at,
    ...token
  } = row;
  return {
    token,
    user: {
      id: token.user_id,
      username: u_username,
      name: u_name,
      email: u_email,
      password_hash: u_password_hash,
      user_type: u_user_type,
      is_admin: u_is_admin,
      state: u_state,
      bot_project_id: u_bot_project_id,
      created_at: u_created_at
    }
  };
}
function findTokenRowByDigest(db, digest) {
  return db.selectFrom("personal_access_tokens").selectAll().where("digest", "=", digest).executeTakeFirst();
}
var tokenById = reusableQuery((db, id) => db.selectFrom("personal_access_tokens").selectAll().where("id", "=", id), [-1]);
async function findTokenById(db, id) {
  return (await tokenById(db, id))[0];
}
function insertToken(db, row) {
  return db.insertInto("personal_access_tokens").values(row).returningAll().executeTakeFirstOrThrow();
}
async function revokeTokenRow(db, id) {
  const result = await db.updateTable("personal_access_tokens").set({ revoked: 1 }).where("id", "=", id).where("revoked", "=", 0).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
async function revokeTokensOfUser(db, userId) {
  await db.updateTable("personal_access_tokens").set({ revoked: 1 }).where("user_id", "=", userId).execute();
}
async function revokeTokenIds(db, ids) {
  if (ids.length === 0) return;
  await db.updateTable("personal_access_tokens").set({ revoked: 1 }).where("id", "in", ids).execute();
}
function listTokensOfUserIds(db, userIds) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("personal_access_tokens").selectAll().where("user_id", "in", userIds).execute();
}
async function findRotationChain(db, id) {
  const seen = /* @__PURE__ */ new Set([id]);
  let frontier = [id];
  while (frontier.length > 0) {
    const rows = await db.selectFrom("personal_access_tokens").select(["id", "previous_personal_access_token_id as prev"]).where((eb) => eb.or([eb("id", "in", frontier), eb("previous_personal_access_token_id", "in", frontier)])).execute();
    frontier = [];
    for (const row of rows) {
      for (const candidate of [row.id, row.prev]) {
        if (candidate !== null && !seen.has(candidate)) {
          seen.add(candidate);
          frontier.push(candidate);
        }
      }
    }
  }
  return [...seen];
}
async function recordTokenUse(db, id, changes) {
  await db.updateTable("personal_access_tokens").set(changes).where("id", "=", id).execute();
}
var SORTS = {
  created_asc: ["created_at", "asc"],
  created_desc: ["created_at", "desc"],
  expires_asc: ["expires_at", "asc"],
  expires_desc: ["expires_at", "desc"],
  last_used_asc: ["last_used_at", "asc"],
  last_used_desc: ["last_used_at", "desc"],
  name_asc: ["name", "asc"],
  name_desc: ["name", "desc"]
};
var TOKEN_SORTS = Object.keys(SORTS);
async function listTokens(db, filter, sort, page) {
  let query = db.selectFrom("personal_access_tokens");
  if (filter.userId !== void 0) query = query.where("user_id", "=", filter.userId);
  if (filter.projectId !== void 0) query = query.where("project_id", "=", filter.projectId);
  if (filter.state === "active") {
    query = query.where("revoked", "=", 0).where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", filter.today)]));
  } else if (filter.state === "inactive") {
    query = query.where((eb) => eb.or([eb("revoked", "=", 1), eb("expires_at", "<=", filter.today)]));
  }
  if (filter.revoked !== void 0) query = query.where("revoked", "=", filter.revoked ? 1 : 0);
  if (filter.search !== void 0) query = query.where(containsText("name", filter.search));
  if (filter.createdBefore) query = query.where("created_at", "<=", filter.createdBefore);
  if (filter.createdAfter) query = query.where("created_at", ">=", filter.createdAfter);
  if (filter.lastUsedBefore) query = query.where("last_used_at", "<=", filter.lastUsedBefore);
  if (filter.lastUsedAfter) query = query.where("last_used_at", ">=", filter.lastUsedAfter);
  if (filter.expiresBefore) query = query.where("expires_at", "<", filter.expiresBefore);
  if (filter.expiresAfter) query = query.where("expires_at", ">=", filter.expiresAfter);
  const { total } = await query.select((eb) => eb.fn.countAll().as("total")).executeTakeFirstOrThrow();
  const [column, direction] = sort ? SORTS[sort] : ["created_at", "asc"];
  const items = await query.selectAll().orderBy(column, (ob) => direction === "asc" ? ob.asc().nullsLast() : ob.desc().nullsFirst()).orderBy("id", direction).limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(items, total, page);
}
async function hasSuccessor(db, id) {
  const row = await db.selectFrom("personal_access_tokens").select("id").where("previous_personal_access_token_id", "=", id).executeTakeFirst();
  return row !== void 0;
}
async function findBotsWithoutTokensAliveAfter(db, cutoff) {
  const rows = await db.selectFrom("users").select("users.id").where("users.user_type", "=", "project_bot").where(
    ({ not, exists, selectFrom }) => not(
      exists(
        selectFrom("personal_access_tokens as t").select("t.id").whereRef("t.user_id", "=", "users.id").where("t.revoked", "=", 0).where((eb) => eb.or([eb("t.expires_at", "is", null), eb("t.expires_at", ">", cutoff)]))
      )
    )
  ).orderBy("users.id").execute();
  return rows.map((row) => row.id);
}
async function hasTokenAliveAfter(db, userId, cutoff) {
  const row = await db.selectFrom("personal_access_tokens").select("id").where("user_id", "=", userId).where("revoked", "=", 0).where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", cutoff)])).executeTakeFirst();
  return row !== void 0;
}
async function lockTokensOfUser(db, userId) {
  await db.updateTable("personal_access_tokens").set((eb) => ({ revoked: eb.ref("revoked") })).where("user_id", "=", userId).execute();
}

// src/auth/record-token-use.ts
var LAST_USED_INTERVAL_MS = 10 * 60 * 1e3;
var LAST_USED_IPS_INTERVAL_MS = 60 * 1e3;
var MAX_IPS = 5;
function olderThan(timestamp, now, ms) {
  return timestamp === null || now.getTime() - Date.parse(timestamp) >= ms;
}
async function recordTokenUse2(deps, token, ip, now) {
  const changes = {};
  if (olderThan(token.last_used_at, now, LAST_USED_INTERVAL_MS)) changes.last_used_at = now.toISOString();
  if (ip !== null && olderThan(token.last_used_ips_at, now, LAST_USED_IPS_INTERVAL_MS)) {
    const ips = JSON.parse(token.last_used_ips).filter((known) => known !== ip);
    ips.push(ip);
    changes.last_used_ips = JSON.stringify(ips.slice(-MAX_IPS));
    changes.last_used_ips_at = now.toISOString();
  }
  if (Object.keys(changes).length === 0) return;
  try {
    await recordTokenUse(deps.db, token.id, changes);
    Object.assign(token, changes);
  } catch (error) {
    deps.log.warn({ err: error, tokenId: token.id }, "could not record token use");
  }
}

// src/auth/actor.ts
function toActor(user) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    userType: user.user_type,
    isAdmin: user.is_admin === 1
  };
}

// src/auth/authenticate-token.ts
function isExpired(expiresAt, now) {
  return expiresAt !== null && expiresAt <= utcDate(now);
}
function parseScopes(stored) {
  const parsed = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter(isScope) : [];
}
async function lookUp(deps, digest) {
  const generation = deps.tokenCache.begin();
  const found = await findTokenByDigest(deps.db, digest);
  if (found && !found.token.revoked) deps.tokenCache.set(digest, found, generation);
  return found;
}
async function authenticateToken(deps, token, context) {
  if (!hasValidTokenShape(token)) throw new AppError("unauthorized", "Unauthorized");
  const digest = tokenDigest(deps.secret, token);
  const found = deps.tokenCache.get(digest) ?? await lookUp(deps, digest);
  if (!found) {
    const orphan = await findTokenRowByDigest(deps.db, digest);
    if (orphan?.revoked) throw new AppError("token_revoked", "Token was revoked");
    throw new AppError("unauthorized", "Unauthorized");
  }
  const { token: row, user } = found;
  if (row.revoked) throw new AppError("token_revoked", "Token was revoked");
  const now = deps.clock.now();
  if (isExpired(row.expires_at, now)) throw new AppError("token_expired", "Token is expired");
  if (user.state !== "active" || user.user_type === "ghost") throw new AppError("unauthorized", "Unauthorized");
  await recordTokenUse2(deps, row, context.ip, now);
  return {
    kind: "user",
    user: toActor(user),
    via: "token",
    token: { id: row.id, scopes: parseScopes(row.scopes), projectId: row.project_id }
  };
}

// src/http/request-principal.ts
function apiTokenOf(request) {
  const header2 = request.headers["private-token"];
  if (typeof header2 === "string" && header2.length > 0) return { token: header2.trim(), fromQuery: false };
  const authorization = request.headers.authorization;
  if (typeof authorization === "string" && /^bearer\s+/i.test(authorization)) {
    return { token: authorization.replace(/^bearer\s+/i, "").trim(), fromQuery: false };
  }
  const query = request.query;
  const fromQuery = query?.private_token ?? query?.access_token;
  if (typeof fromQuery === "string" && fromQuery.length > 0) return { token: fromQuery, fromQuery: true };
  return null;
}
function clientIp(request) {
  return request.ip;
}
async function apiPrincipal(deps, request) {
  const credential = apiTokenOf(request);
  if (credential === null) return ANONYMOUS;
  if (credential.fromQuery) {
    if (!deps.config.allowTokenInQuery) {
      request.log.warn("a token passed in the URL query was refused (LATCHKEY_ALLOW_TOKEN_IN_QUERY=false)");
      throw new AppError("unauthorized", "Unauthorized");
    }
    request.log.warn("a token was passed in the URL query; send it in the PRIVATE-TOKEN header instead");
  }
  return authenticateToken(deps, credential.token, { ip: clientIp(request) });
}

// src/db/repositories/container-registry.ts
function findContainerRepositoryByPath(db, path9) {
  return db.selectFrom("container_repositories").selectAll().where("path", "=", path9).executeTakeFirst();
}
function findProjectContainerRepository(db, projectId, id) {
  return db.selectFrom("container_repositories").selectAll().where("project_id", "=", projectId).where("id", "=", id).executeTakeFirst();
}
async function ensureContainerRepository(db, row) {
  const existing = await findContainerRepositoryByPath(db, row.path);
  if (existing) return existing;
  await db.insertInto("container_repositories").values(row).onConflict((oc) => oc.column("path").doNothing()).execute();
  return await findContainerRepositoryByPath(db, row.path);
}
async function listContainerRepositories(db, projectId, page) {
  const query = db.selectFrom("container_repositories").where("project_id", "=", projectId);
  const { total } = await query.select((eb) => eb.fn.countAll().as("total")).executeTakeFirstOrThrow();
  const items = await query.selectAll().orderBy("id", "asc").limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(items, total, page);
}
function findContainerTag(db, repositoryId, name) {
  return db.selectFrom("container_repository_tags").selectAll().where("repository_id", "=", repositoryId).where("name", "=", name).executeTakeFirst();
}
async function listTagsOfRepositories(db, repositoryIds) {
  const byRepository = new Map(repositoryIds.map((id) => [id, []]));
  if (repositoryIds.length === 0) return byRepository;
  const rows = await db.selectFrom("container_repository_tags").selectAll().where("repository_id", "in", repositoryIds).orderBy("name", "asc").execute();
  for (const row of rows) byRepository.get(row.repository_id).push(row);
  return byRepository;
}
async function listContainerTags(db, repositoryId, page) {
  const query = db.selectFrom("container_repository_tags").where("repository_id", "=", repositoryId);
  const { total } = await query.select((eb) => eb.fn.countAll().as("total")).executeTakeFirstOrThrow();
  const items = await query.selectAll().orderBy("name", "asc").limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(items, total, page);
}
async function upsertContainerTag(db, row) {
  const { now, ...values } = row;
  await db.insertInto("container_repository_tags").values({ ...values, created_at: now, updated_at: now }).onConflict(
    (oc) => oc.columns(["repository_id", "name"]).doUpdateSet({
      digest: values.digest,
      media_type: values.media_type,
      revision: values.revision,
      total_size: values.total_size,
      updated_at: now
    })
  ).execute();
}
async function deleteContainerTags(db, repositoryId, which) {
  let query = db.selectFrom("container_repository_tags").selectAll().where("repository_id", "=", repositoryId);
  query = "name" in which ? query.where("name", "=", which.name) : query.where("digest", "=", which.digest);
  const rows = await query.execute();
  if (rows.length > 0) {
    await db.deleteFrom("container_repository_tags").where("id", "in", rows.map((r) => r.id)).execute();
  }
  return rows;
}

// src/domain/access-levels.ts
var AccessLevel = {
  NoAccess: 0,
  Guest: 10,
  Planner: 15,
  Reporter: 20,
  Developer: 30,
  Maintainer: 40,
  Owner: 50
};
var ACCESS_LEVELS = [10, 15, 20, 30, 40, 50];
var NAMES = {
  10: "Guest",
  15: "Planner",
  20: "Reporter",
  30: "Developer",
  40: "Maintainer",
  50: "Owner"
};
function isAccessLevel(value) {
  return typeof value === "number" && ACCESS_LEVELS.includes(value);
}
function accessLevelName(level) {
  return isAccessLevel(level) ? NAMES[level] : "No access";
}

// src/policies/project-policies.ts
function canReadProject({ actor, visibility, level }) {
  if (visibility === "public" || level >= AccessLevel.Guest) return true;
  return visibility === "internal" && actor !== null && actor.userType === "human";
}
var canUpdateProject = (facts) => facts.level >= AccessLevel.Maintainer;
var canDeleteProject = (facts) => facts.level >= AccessLevel.Owner;
function canCreateProject(actor) {
  return actor.userType === "human";
}
function canCreateIssue(facts) {
  return facts.actor !== null && canReadProject(facts);
}
function canUpdateIssue(facts, authorId2) {
  return facts.actor !== null && (facts.level >= AccessLevel.Reporter || facts.actor.id === authorId2 && canReadProject(facts));
}
var canCreateNote = canCreateIssue;
function canDownloadCode(facts) {
  return facts.level >= AccessLevel.Reporter || canReadProject(facts) && facts.visibility !== "private";
}
var canPushCode = (facts) => facts.level >= AccessLevel.Developer;
var canReadAuditEvents = (facts) => facts.level >= AccessLevel.Maintainer;

// src/policies/registry-policies.ts
function canReadContainerImages(facts) {
  return facts.level >= AccessLevel.Reporter || canReadProject(facts) && facts.visibility !== "private";
}
function allows(facts, abilities, action) {
  switch (action) {
    case "pull":
      return abilities.readContainerImage && canReadContainerImages(facts);
    case "push":
      return abilities.createContainerImage && facts.level >= AccessLevel.Developer;
    case "delete":
    case "*":
      return abilities.adminContainerImage && facts.level >= AccessLevel.Maintainer;
    default:
      return false;
  }
}
function grantedRepositoryActions(facts, abilities, requested) {
  return requested.filter((action) => allows(facts, abilities, action));
}
function canListRegistryCatalog(actor, abilities) {
  return actor !== null && actor.isAdmin && actor.userType === "human" && abilities.readContainerImage;
}

// src/domain/ids.ts
var MAX_ID = 2147483647;
function isStorableId(value) {
  return Number.isSafeInteger(value) && value >= 1 && value <= MAX_ID;
}

// src/db/repositories/members.ts
var memberOf = reusableQuery(
  (db, projectId, userId) => db.selectFrom("members").selectAll().where("project_id", "=", projectId).where("user_id", "=", userId),
  [-1, -2]
);
async function findMember(db, projectId, userId) {
  return (await memberOf(db, projectId, userId))[0];
}
async function listMembers(db, projectId, filter, page) {
  let query = db.selectFrom("members").innerJoin("users", "users.id", "members.user_id").where("members.project_id", "=", projectId);
  if (filter.query !== void 0) {
    const text2 = filter.query;
    query = query.where((eb) => eb.or([containsText("users.username", text2), containsText("users.name", text2)]));
  }
  if (filter.userIds !== void 0 && filter.userIds.length > 0) {
    query = query.where("members.user_id", "in", filter.userIds);
  }
  const { total } = await query.select((eb) => eb.fn.countAll().as("total")).executeTakeFirstOrThrow();
  const rows = await query.selectAll("users").select([
    "members.id as m_id",
    "members.access_level as m_access_level",
    "members.expires_at as m_expires_at",
    "members.created_by_id as m_created_by_id",
    "members.created_at as m_created_at"
  ]).orderBy("members.id", "asc").limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(
    rows.map(({ m_id, m_access_level, m_expires_at, m_created_by_id, m_created_at, ...user }) => ({
      user,
      member: {
        id: m_id,
        project_id: projectId,
        user_id: user.id,
        access_level: m_access_level,
        expires_at: m_expires_at,
        created_by_id: m_created_by_id,
        created_at: m_created_at
      }
    })),
    total,
    page
  );
}
function insertMember(db, row) {
  return db.insertInto("members").values(row).returningAll().executeTakeFirstOrThrow();
}
async function updateMemberRow(db, projectId, userId, changes) {
  await db.updateTable("members").set(changes).where("project_id", "=", projectId).where("user_id", "=", userId).execute();
}
async function deleteMemberRow(db, projectId, userId) {
  await db.deleteFrom("members").where("project_id", "=", projectId).where("user_id", "=", userId).execute();
}
async function deleteMembershipsOfUser(db, userId) {
  await db.deleteFrom("members").where("user_id", "=", userId).execute();
}
async function lockProjectMembers(db, dialect, projectId) {
  if (dialect === "postgres") await db.selectFrom("projects").select("id").where("id", "=", projectId).forUpdate().execute();
}
async function countOwners(db, projectId) {
  const { n } = await db.selectFrom("members").select((eb) => eb.fn.countAll().as("n")).where("project_id", "=", projectId).where("access_level", "=", 50).executeTakeFirstOrThrow();
  return Number(n);
}

// src/db/repositories/projects.ts
function selectWithNamespace(db) {
  return db.selectFrom("projects").innerJoin("namespaces", "namespaces.id", "projects.namespace_id").selectAll("projects").select([
    "namespaces.path as ns_path",
    "namespaces.name as ns_name",
    "namespaces.kind as ns_kind",
    "namespaces.owner_id as ns_owner_id",
    "namespaces.created_at as ns_created_at"
  ]);
}
function split(row) {
  const { ns_path, ns_name, ns_kind, ns_owner_id, ns_created_at, ...project } = row;
  return {
    project,
    namespace: {
      id: project.namespace_id,
      path: ns_path,
      name: ns_name,
      kind: ns_kind,
      owner_id: ns_owner_id,
      created_at: ns_created_at
    }
  };
}
var projectById = reusableQuery((db, id) => selectWithNamespace(db).where("projects.id", "=", id), [-1]);
async function findProjectById(db, id) {
  const [row] = await projectById(db, id);
  return row && split(row);
}
async function findProjectByPath(db, namespacePath, projectPath2) {
  const row = await selectWithNamespace(db).where((eb) => eb(eb.fn("lower", ["namespaces.path"]), "=", namespacePath.toLowerCase())).where((eb) => eb(eb.fn("lower", ["projects.path"]), "=", projectPath2.toLowerCase())).executeTakeFirst();
  return row && split(row);
}
async function projectPathTaken(db, namespaceId, path9, exceptId) {
  let query = db.selectFrom("projects").select("id").where("namespace_id", "=", namespaceId).where((eb) => eb(eb.fn("lower", ["path"]), "=", path9.toLowerCase()));
  if (exceptId !== void 0) query = query.where("id", "!=", exceptId);
  return await query.executeTakeFirst() !== void 0;
}
function insertProject(db, row) {
  return db.insertInto("projects").values(row).returningAll().executeTakeFirstOrThrow();
}
async function updateProjectRow(db, id, changes) {
  await db.updateTable("projects").set(changes).where("id", "=", id).execute();
}
async function deleteProjectRow(db, id) {
  await db.deleteFrom("projects").where("id", "=", id).execute();
}
async function takeNextIssueIid(db, projectId) {
  const row = await db.updateTable("projects").set((eb) => ({ issue_counter: eb("issue_counter", "+", 1) })).where("id", "=", projectId).returning("issue_counter").executeTakeFirstOrThrow();
  return row.issue_counter;
}
async function listProjects(db, filter, page, order) {
  let query = selectWithNamespace(db);
  const { viewer } = filter;
  const userId = viewer?.userId ?? null;
  const memberOf2 = (uid) => db.selectFrom("members").select("members.project_id").where("members.user_id", "=", uid);
  if (filter.membershipOnly) {
    query = userId === null ? query.where("projects.id", "=", -1) : query.where("projects.id", "in", memberOf2(userId));
  } else if (viewer !== null) {
    query = query.where((eb) => {
      const visible = [eb("projects.visibility", "=", "public")];
      if (viewer.seesInternal) visible.push(eb("projects.visibility", "=", "internal"));
      if (userId !== null) visible.push(eb("projects.id", "in", memberOf2(userId)));
      return eb.or(visible);
    });
  }
  if (filter.ownedBy !== void 0) query = query.where("namespaces.owner_id", "=", filter.ownedBy);
  if (filter.visibility !== void 0) query = query.where("projects.visibility", "=", filter.visibility);
  if (filter.search !== void 0) {
    const text2 = filter.search;
    query = query.where((eb) => eb.or([containsText("projects.name", text2), containsText("projects.path", text2)]));
  }
  const countRow = await query.clearSelect().select((eb) => eb.fn.countAll().as("total")).executeTakeFirstOrThrow();
  const rows = await query.orderBy(`projects.${order.by}`, order.direction).orderBy("projects.id", order.direction).limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(rows.map(split), countRow.total, page);
}

// src/services/project-context.ts
var PROJECT_NOT_FOUND = "Project";
async function findProject(deps, ref) {
  if (typeof ref === "number") return isStorableId(ref) ? findProjectById(deps.db, ref) : void 0;
  if (/^\d+$/.test(ref)) return isStorableId(Number(ref)) ? findProjectById(deps.db, Number(ref)) : void 0;
  const slash = ref.lastIndexOf("/");
  if (slash <= 0 || slash === ref.length - 1 || ref.length > 512) return void 0;
  return findProjectByPath(deps.db, ref.slice(0, slash), ref.slice(slash + 1));
}
async function projectFacts(deps, principal, found) {
  if (principal.kind === "anonymous") {
    return { facts: { actor: null, visibility: found.project.visibility, level: 0 }, membership: void 0 };
  }
  const membership = await findMember(deps.db, found.project.id, principal.user.id);
  const level = principal.user.isAdmin ? AccessLevel.Owner : membership?.access_level ?? 0;
  return { facts: { actor: principal.user, visibility: found.project.visibility, level }, membership };
}
async function findVisibleProject(deps, principal, ref) {
  const found = await findProject(deps, ref);
  if (!found) throw notFound(PROJECT_NOT_FOUND);
  const { facts, membership } = await projectFacts(deps, principal, found);
  if (!canReadProject(facts)) throw notFound(PROJECT_NOT_FOUND);
  return { ...found, facts, membership };
}

// src/services/read-container-registry.ts
async function readableProject(deps, actor, project) {
  const context = await findVisibleProject(deps, actor, project);
  requireAbility(actor, "read_container_image");
  if (!canReadContainerImages(context.facts)) throw forbidden();
  return context;
}
async function readableRepository(deps, actor, input) {
  const context = await readableProject(deps, actor, input.project);
  const repository = await findProjectContainerRepository(deps.db, context.project.id, input.repositoryId);
  if (!repository) throw notFound("Repository");
  return repository;
}
async function listProjectContainerRepositories(deps, actor, input) {
  const context = await readableProject(deps, actor, input.project);
  const repositories = await listContainerRepositories(deps.db, context.project.id, input.page);
  const tags = input.withTags ? await listTagsOfRepositories(deps.db, repositories.items.map((r) => r.id)) : /* @__PURE__ */ new Map();
  return { repositories, tags };
}
async function listContainerRepositoryTags(deps, actor, input) {
  const repository = await readableRepository(deps, actor, input);
  return { repository, tags: await listContainerTags(deps.db, repository.id, input.page) };
}
async function getContainerRepositoryTag(deps, actor, input) {
  const repository = await readableRepository(deps, actor, input);
  const tag = await findContainerTag(deps.db, repository.id, input.tagName);
  if (!tag) throw notFound("Tag");
  return { repository, tag };
}

// src/http/pagination.ts
var MAX_PER_PAGE = 100;
function readPage(params) {
  const page = params.integer("page", { min: 1, max: 1e6 }) ?? 1;
  const perPage = Math.min(params.integer("per_page", { min: 1, max: 1e6 }) ?? 20, MAX_PER_PAGE);
  return { page, perPage };
}
function setPageHeaders(request, reply, externalUrl, result) {
  const totalPages = Math.max(1, Math.ceil(result.total / result.perPage));
  const next = result.page < totalPages ? result.page + 1 : null;
  const prev = result.page > 1 ? result.page - 1 : null;
  const url = new URL(`${externalUrl}${request.url}`);
  url.searchParams.delete("private_token");
  url.searchParams.delete("access_token");
  const link = (page, rel) => {
    url.searchParams.set("page", String(page));
    url.searchParams.set("per_page", String(result.perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links = [
    ...prev ? [link(prev, "prev")] : [],
    ...next ? [link(next, "next")] : [],
    link(1, "first"),
    link(totalPages, "last")
  ];
  reply.headers({
    "x-total": String(result.total),
    "x-total-pages": String(totalPages),
    "x-page": String(result.page),
    "x-per-page": String(result.perPage),
    "x-next-page": next ? String(next) : "",
    "x-prev-page": prev ? String(prev) : "",
    link: links.join(", ")
  });
}

// src/http/presenters/container-registry.ts
function location(config, path9) {
  return config.registry.host === null ? path9 : `${config.registry.host}/${path9}`;
}
function presentContainerTag(config, repository, tag) {
  const path9 = `${repository.path}:${tag.name}`;
  return { name: tag.name, path: path9, location: location(config, path9) };
}
function presentContainerTagDetails(config, repository, tag) {
  return {
    ...presentContainerTag(config, repository, tag),
    revision: tag.revision,
    short_revision: tag.revision === null ? null : tag.revision.slice(0, 9),
    digest: tag.digest,
    created_at: tag.updated_at,
    total_size: tag.total_size === null ? null : Number(tag.total_size)
  };
}
function presentContainerRepository(config, repository, options = {}) {
  return {
    id: repository.id,
    name: repository.name,
    path: repository.path,
    project_id: repository.project_id,
    location: location(config, repository.path),
    created_at: repository.created_at,
    cleanup_policy_started_at: null,
    status: null,
    ...options.tagsCount !== void 0 && { tags_count: options.tagsCount },
    ...options.tags !== void 0 && { tags: options.tags.map((tag) => presentContainerTag(config, repository, tag)) }
  };
}

// src/http/params.ts
var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
var Params = class {
  // A Map, not an object: keys such as `__proto__` or `constructor` are plain names here.
  bag = /* @__PURE__ */ new Map();
  constructor(...sources) {
    for (const source of sources) {
      if (source === null || typeof source !== "object" || Array.isArray(source)) continue;
      for (const [key, value] of Object.entries(source)) {
        this.bag.set(key.endsWith("[]") ? key.slice(0, -2) : key, value);
      }
    }
  }
  has(name) {
    return this.bag.get(name) !== void 0;
  }
  raw(name, required) {
    const value = this.bag.get(name);
    if (value === void 0 || value === null || required && value === "") {
      if (required) throw invalidParam(`${name} is missing`);
      return void 0;
    }
    return value;
  }
  string(name, options = {}) {
    const value = this.raw(name, options.required ?? false);
    if (value === void 0) return void 0;
    if (typeof value === "number" || typeof value === "boolean") return this.check(name, String(value), options.max);
    if (typeof value !== "string") throw invalidParam(`${name} is invalid`);
    return this.check(name, value, options.max);
  }
  check(name, value, max = 1e8) {
    if (value.length > max) throw invalidParam(`${name} is too long (maximum is ${max} characters)`);
    if (value.includes("\0") || LONE_SURROGATE.test(value)) throw invalidParam(`${name} is invalid`);
    return value;
  }
  /** Present-and-null becomes null (for clearing a value); absent is undefined. */
  nullableString(name, max) {
    if (this.bag.get(name) === null) return null;
    return this.string(name, { max });
  }
  integer(name, options = {}) {
    const value = this.raw(name, options.required ?? false);
    if (value === void 0 || value === "") return void 0;
    const number = typeof value === "number" ? value : typeof value === "string" && /^-?\d{1,16}$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number)) throw invalidParam(`${name} is invalid`);
    if (options.min !== void 0 && number < options.min || number > (options.max ?? MAX_ID)) {
      throw invalidParam(`${name} does not have a valid value`);
    }
    return number;
  }
  boolean(name) {
    const value = this.raw(name, false);
    if (value === void 0 || value === "") return void 0;
    if (value === true || value === "true" || value === 1 || value === "1") return true;
    if (value === false || value === "false" || value === 0 || value === "0") return false;
    throw invalidParam(`${name} is invalid`);
  }
  oneOf(name, values, options = {}) {
    const value = this.raw(name, options.required ?? false);
    if (value === void 0 || value === "") return void 0;
    if (typeof value !== "string" && typeof value !== "number") throw invalidParam(`${name} does not have a valid value`);
    const match = values.find((candidate) => candidate === value || String(candidate) === String(value));
    if (match === void 0) throw invalidParam(`${name} does not have a valid value`);
    return match;
  }
  /** An array of strings; a lone string counts as a one-element array (GitLab coerces it too). */
  stringArray(name, options = {}) {
    const value = this.raw(name, options.required ?? false);
    if (value === void 0) return void 0;
    const list = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : null;
    if (list === null || !list.every((item) => typeof item === "string" && item.length <= 255)) {
      throw invalidParam(`${name} is invalid`);
    }
    if (list.length > (options.maxItems ?? 100)) throw invalidParam(`${name} is invalid`);
    const items = list.map((item) => item.trim()).filter((item) => item.length > 0);
    if (options.required && items.length === 0) throw invalidParam(`${name} is empty`);
    return items;
  }
  integerArray(name) {
    const list = this.stringArray(name);
    if (list === void 0) return void 0;
    const numbers = list.map((item) => /^-?\d{1,16}$/.test(item) ? Number(item) : NaN);
    if (!numbers.every((n) => Number.isSafeInteger(n) && Math.abs(n) <= MAX_ID)) throw invalidParam(`${name} is invalid`);
    return numbers;
  }
  /** `YYYY-MM-DD`, a real calendar date. */
  date(name) {
    if (this.bag.get(name) === null) return null;
    const value = this.string(name, { max: 64 });
    if (value === void 0 || value === "") return value === "" ? null : void 0;
    const day = value.length > 10 && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
    if (!isValidDate(day)) throw invalidParam(`${name} is invalid`);
    return day;
  }
  /** An ISO 8601 date or date-time, normalised to the stored form. */
  datetime(name) {
    const value = this.string(name, { max: 64 });
    if (value === void 0 || value === "") return void 0;
    const time2 = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(time2) || /^\d{4}-\d{2}-\d{2}/.test(value) && !isValidDate(value.slice(0, 10))) throw invalidParam(`${name} is invalid`);
    return new Date(time2).toISOString();
  }
};

// src/http/api/v4/route-kit.ts
function paramsOf(request) {
  return new Params(request.query, request.body);
}
function pathParam(request, name) {
  return request.params[name] ?? "";
}
function projectRef(request) {
  const raw = pathParam(request, "id");
  return /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
}
function idParam(request, name, what) {
  const raw = pathParam(request, name);
  if (!/^\d{1,15}$/.test(raw) || !isStorableId(Number(raw))) throw notFound(what);
  return Number(raw);
}
function sendPage(request, reply, externalUrl, page, present) {
  setPageHeaders(request, reply, externalUrl, page);
  return page.items.map(present);
}

// src/http/api/v4/container-registry.ts
function containerRegistryRoutes(deps) {
  const { config } = deps;
  return async (app) => {
    app.get("/projects/:id/registry/repositories", { config: { auth: "optional" } }, async (request, reply) => {
      const params = paramsOf(request);
      const withTags = params.boolean("tags") ?? false;
      const withCount = params.boolean("tags_count") ?? false;
      const { repositories, tags } = await listProjectContainerRepositories(deps, request.principal, {
        project: projectRef(request),
        withTags: withTags || withCount,
        page: readPage(params)
      });
      return sendPage(
        request,
        reply,
        config.externalUrl,
        repositories,
        (repository) => presentContainerRepository(config, repository, {
          ...withTags && { tags: tags.get(repository.id) ?? [] },
          ...withCount && { tagsCount: tags.get(repository.id)?.length ?? 0 }
        })
      );
    });
    app.get("/projects/:id/registry/repositories/:repository_id/tags", { config: { auth: "optional" } }, async (request, reply) => {
      const { repository, tags } = await listContainerRepositoryTags(deps, request.principal, {
        project: projectRef(request),
        repositoryId: idParam(request, "repository_id", "Repository"),
        page: readPage(paramsOf(request))
      });
      return sendPage(request, reply, config.externalUrl, tags, (tag) => presentContainerTag(config, repository, tag));
    });
    app.get("/projects/:id/registry/repositories/:repository_id/tags/:tag_name", { config: { auth: "optional" } }, async (request) => {
      const { repository, tag } = await getContainerRepositoryTag(deps, request.principal, {
        project: projectRef(request),
        repositoryId: idParam(request, "repository_id", "Repository"),
        tagName: pathParam(request, "tag_name")
      });
      return presentContainerTagDetails(config, repository, tag);
    });
  };
}

// src/db/repositories/audit-events.ts
async function insertAuditEvent(db, row) {
  await db.insertInto("audit_events").values(row).execute();
}
async function listAuditEvents(db, entity, filter, page) {
  let query = db.selectFrom("audit_events").where("entity_type", "=", entity.type).where("entity_id", "=", entity.id);
  if (filter.createdBefore) query = query.where("created_at", "<", filter.createdBefore);
  if (filter.createdAfter) query = query.where("created_at", ">", filter.createdAfter);
  const { total } = await query.select((eb) => eb.fn.countAll().as("total")).executeTakeFirstOrThrow();
  const items = await query.selectAll().orderBy("id", "desc").limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(items, total, page);
}

// src/services/list-project-audit-events.ts
async function listProjectAuditEvents(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canReadAuditEvents(context.facts)) throw forbidden();
  const events = await listAuditEvents(
    deps.db,
    { type: "Project", id: context.project.id },
    { createdBefore: input.createdBefore, createdAfter: input.createdAfter },
    input.page
  );
  return { projectPath: `${context.namespace.path}/${context.project.path}`, events };
}

// src/db/repositories/events.ts
async function insertEvent(db, row) {
  await db.insertInto("events").values(row).execute();
  await db.updateTable("projects").set({ last_activity_at: row.created_at }).where("id", "=", row.project_id).execute();
}
async function listProjectEvents(db, projectId, filter, direction, page) {
  let query = db.selectFrom("events").where("project_id", "=", projectId);
  if (filter.actionNames) query = query.where("action_name", "in", filter.actionNames);
  if (filter.targetType) {
    const type = filter.targetType.toLowerCase();
    query = query.where((eb) => eb(eb.fn("lower", ["target_type"]), "=", type));
  }
  if (filter.before) query = query.where("created_at", "<", filter.before);
  if (filter.after) query = query.where("created_at", ">=", filter.after);
  const { total } = await query.select((eb) => eb.fn.countAll().as("total")).executeTakeFirstOrThrow();
  const items = await query.selectAll().orderBy("id", direction).limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(items, total, page);
}

// src/db/repositories/users.ts
function findUserById(db, id) {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}
function findUserByUsername(db, username) {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}
function findUserByLogin(db, login) {
  const lower = login.toLowerCase();
  return db.selectFrom("users").selectAll().where((eb) => eb.or([eb(eb.fn("lower", ["username"]), "=", lower), eb(eb.fn("lower", ["email"]), "=", lower)])).executeTakeFirst();
}
function findGhostUser(db) {
  return db.selectFrom("users").selectAll().where("user_type", "=", "ghost").executeTakeFirst();
}
async function insertUser(db, user) {
  return db.insertInto("users").values(user).returningAll().executeTakeFirstOrThrow();
}
async function usernameOrEmailTaken(db, username, email) {
  const rows = await db.selectFrom("users").select(["username", "email"]).where(
    (eb) => eb.or([
      eb(eb.fn("lower", ["username"]), "=", username.toLowerCase()),
      eb(eb.fn("lower", ["email"]), "=", email.toLowerCase())
    ])
  ).execute();
  return {
    username: rows.some((r) => r.username.toLowerCase() === username.toLowerCase()),
    email: rows.some((r) => r.email.toLowerCase() === email.toLowerCase())
  };
}
async function listUsers(db, filter, page) {
  let query = db.selectFrom("users").where("user_type", "!=", "ghost");
  if (filter.username !== void 0) {
    query = query.where((eb) => eb(eb.fn("lower", ["username"]), "=", filter.username.toLowerCase()));
  }
  if (filter.search !== void 0) {
    const text2 = filter.search;
    query = query.where(
      (eb) => eb.or([containsText("username", text2), containsText("name", text2), containsText("email", text2)])
    );
  }
  if (filter.humansOnly) query = query.where("user_type", "=", "human");
  const [{ total }] = await query.select((eb) => eb.fn.countAll().as("total")).execute();
  const items = await query.selectAll().orderBy("id", "asc").limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(items, total, page);
}
async function deleteUserRow(db, id) {
  await db.deleteFrom("users").where("id", "=", id).execute();
}
async function findUsersByIds(db, ids) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return /* @__PURE__ */ new Map();
  const rows = await db.selectFrom("users").selectAll().where("id", "in", unique).execute();
  return new Map(rows.map((row) => [row.id, row]));
}
async function ensureGhostUser(db, host2, now) {
  const existing = await findGhostUser(db);
  if (existing) return existing;
  await db.insertInto("users").values({
    username: "ghost",
    name: "Ghost User",
    email: `ghost@noreply.${host2}`,
    password_hash: null,
    user_type: "ghost",
    is_admin: 0,
    state: "active",
    bot_project_id: null,
    created_at: now
  }).onConflict((oc) => oc.column("username").doNothing()).execute();
  const ghost = await findGhostUser(db);
  if (!ghost) throw new Error('the username "ghost" is held by a user who is not the ghost user');
  return ghost;
}

// src/services/list-project-events.ts
var EVENT_ACTIONS = {
  approved: ["approved"],
  closed: ["closed"],
  commented: ["commented on"],
  created: ["opened", "created"],
  destroyed: ["destroyed"],
  expired: ["expired"],
  joined: ["joined"],
  left: ["left"],
  merged: ["accepted"],
  pushed: ["pushed to", "pushed new", "deleted"],
  reopened: ["reopened"],
  updated: ["updated"]
};
var EVENT_TARGET_TYPES = ["issue", "milestone", "merge_request", "note", "project", "snippet", "user"];
async function listProjectEvents2(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  const { action, ...rest } = input.filter;
  const filter = { ...rest, actionNames: action && [...EVENT_ACTIONS[action]] };
  const events = await listProjectEvents(deps.db, context.project.id, filter, input.sort, input.page);
  return { events, authors: await findUsersByIds(deps.db, events.items.map((e) => e.author_id)) };
}

// src/http/presenters/users.ts
function presentUserBasic(user, baseUrl) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: user.state,
    locked: false,
    avatar_url: null,
    web_url: `${baseUrl}/${user.username}`
  };
}
function presentUser(user, baseUrl, withPrivate) {
  return {
    ...presentUserBasic(user, baseUrl),
    created_at: user.created_at,
    bio: "",
    bot: user.user_type === "project_bot",
    public_email: null,
    ...withPrivate && {
      email: user.email,
      is_admin: user.is_admin === 1,
      can_create_project: user.user_type === "human",
      two_factor_enabled: false,
      external: false
    }
  };
}
function presentAuthor(users, id, baseUrl) {
  const user = users.get(id);
  return user ? presentUserBasic(user, baseUrl) : null;
}

// src/http/presenters/events.ts
function presentEvent(event, users, baseUrl) {
  const author = users.get(event.author_id);
  const data = event.data === null ? null : JSON.parse(event.data);
  return {
    id: event.id,
    project_id: event.project_id,
    action_name: event.action_name,
    target_id: event.target_id,
    target_iid: event.target_iid,
    target_type: event.target_type,
    author_id: event.author_id,
    target_title: event.target_title,
    created_at: event.created_at,
    author: presentAuthor(users, event.author_id, baseUrl),
    author_username: author?.username ?? null,
    imported: false,
    // Pushes: "pushed new", "pushed to", and "deleted" for a removed branch or tag.
    ...(event.action_name.startsWith("pushed") || event.action_name === "deleted" && event.target_type === null) && data && { push_data: data },
    ...event.target_type === "Note" && data && { note: presentEventNote(event, data, users, baseUrl) }
  };
}
function presentEventNote(event, data, users, baseUrl) {
  return {
    id: event.target_id,
    type: null,
    body: typeof data.body === "string" ? data.body : null,
    attachment: null,
    author: presentAuthor(users, event.author_id, baseUrl),
    created_at: event.created_at,
    updated_at: event.created_at,
    system: false,
    noteable_id: data.noteable_id ?? null,
    noteable_type: data.noteable_type ?? null,
    noteable_iid: data.noteable_iid ?? null,
    project_id: event.project_id,
    resolvable: false,
    confidential: false,
    internal: false
  };
}
function presentAuditEvent(event, entityPath) {
  return {
    id: event.id,
    author_id: event.author_id,
    entity_id: event.entity_id,
    entity_type: event.entity_type,
    event_name: event.event_name,
    details: {
      custom_message: event.custom_message,
      author_name: event.author_name,
      author_class: "User",
      target_id: event.target_id,
      target_type: event.target_type,
      target_details: event.target_details,
      ip_address: event.ip_address,
      entity_path: entityPath
    },
    created_at: event.created_at
  };
}

// src/http/api/v4/events.ts
var EVENT_ACTION_NAMES = Object.keys(EVENT_ACTIONS);
function eventRoutes(deps) {
  const base2 = deps.config.externalUrl;
  return async (app) => {
    app.get("/projects/:id/events", { config: { auth: "optional" } }, async (request, reply) => {
      const params = paramsOf(request);
      const { events, authors } = await listProjectEvents2(deps, request.principal, {
        project: projectRef(request),
        filter: {
          action: params.oneOf("action", EVENT_ACTION_NAMES),
          targetType: params.oneOf("target_type", EVENT_TARGET_TYPES),
          before: params.datetime("before"),
          after: params.datetime("after")
        },
        sort: params.oneOf("sort", ["asc", "desc"]) ?? "desc",
        page: readPage(params)
      });
      return sendPage(request, reply, base2, events, (event) => presentEvent(event, authors, base2));
    });
    app.get("/projects/:id/audit_events", async (request, reply) => {
      const params = paramsOf(request);
      const { projectPath: projectPath2, events } = await listProjectAuditEvents(deps, request.principal, {
        project: projectRef(request),
        createdBefore: params.datetime("created_before"),
        createdAfter: params.datetime("created_after"),
        page: readPage(params)
      });
      return sendPage(request, reply, base2, events, (event) => presentAuditEvent(event, projectPath2));
    });
  };
}

// src/domain/names.ts
var PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
var RESERVED = /* @__PURE__ */ new Set(["ghost", "api", "help", "admin", "users", "projects", "jwt", "explore", "dashboard", "-", "assets", "root-ghost"]);
function pathError(value, what) {
  if (value.length === 0 || value.length > 255) return `${what} is too long (maximum is 255 characters)`;
  if (!PATH.test(value) || value.endsWith(".") || /\.(git|atom)$/i.test(value) || value.includes("..")) {
    return `${what} can contain only letters, digits, '_', '-' and '.'. Cannot start with '-', end in '.git' or end in '.atom'`;
  }
  return null;
}
function isReservedUsername(username) {
  return RESERVED.has(username.toLowerCase());
}
function nameError(value, what, max = 255) {
  if (value.trim().length === 0) return `${what} can't be blank`;
  if (value.length > max) return `${what} is too long (maximum is ${max} characters)`;
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${what} contains control characters`;
  return null;
}
function isEmail(value) {
  return value.length <= 255 && /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(value);
}
function pathFromName(name) {
  return name.trim().toLowerCase().replace(/[^a-z0-9_.]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").replace(/\.git$|\.atom$/g, "");
}

// src/db/repositories/issues.ts
function findIssue(db, projectId, iid) {
  return db.selectFrom("issues").selectAll().where("project_id", "=", projectId).where("iid", "=", iid).executeTakeFirst();
}
function insertIssue(db, row) {
  return db.insertInto("issues").values(row).returningAll().executeTakeFirstOrThrow();
}
function updateIssueRow(db, id, changes) {
  return db.updateTable("issues").set(changes).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}
async function listIssues(db, projectId, filter, order, page) {
  let query = db.selectFrom("issues").where("project_id", "=", projectId);
  if (filter.state) query = query.where("state", "=", filter.state);
  if (filter.authorId !== void 0) query = query.where("author_id", "=", filter.authorId);
  if (filter.iids && filter.iids.length > 0) query = query.where("iid", "in", filter.iids);
  if (filter.search !== void 0) {
    const text2 = filter.search;
    query = query.where((eb) => eb.or([containsText("title", text2), containsText("description", text2)]));
  }
  const { total } = await query.select((eb) => eb.fn.countAll().as("total")).executeTakeFirstOrThrow();
  const items = await query.selectAll().orderBy(order.by, order.direction).orderBy("id", order.direction).limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(items, total, page);
}
async function countNotesByIssue(db, issueIds) {
  if (issueIds.length === 0) return /* @__PURE__ */ new Map();
  const rows = await db.selectFrom("notes").select(["issue_id", (eb) => eb.fn.countAll().as("n")]).where("issue_id", "in", issueIds).groupBy("issue_id").execute();
  return new Map(rows.map((r) => [r.issue_id, Number(r.n)]));
}

// src/services/issue-view.ts
async function loadIssueView(deps, project, issues) {
  const users = await findUsersByIds(deps.db, issues.flatMap((i) => [i.author_id, ...i.closed_by_id === null ? [] : [i.closed_by_id]]));
  const notesCount = await countNotesByIssue(deps.db, issues.map((i) => i.id));
  return { project: { project: project.project, namespace: project.namespace }, users, notesCount };
}

// src/services/create-issue.ts
var MAX_TEXT = 1e6;
function issueTextErrors(title, description) {
  const errors = {};
  if (title !== void 0) {
    const problem = nameError(title, "Title");
    if (problem) errors.title = [problem];
  }
  if (description && description.length > MAX_TEXT) errors.description = [`Description is too long (maximum is ${MAX_TEXT} characters)`];
  return errors;
}
async function createIssue(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  if (actor.kind !== "user" || !canCreateIssue(context.facts)) throw forbidden();
  const errors = issueTextErrors(input.title, input.description);
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const now = deps.clock.now().toISOString();
  const issue = await deps.db.transaction().execute(async (trx) => {
    const iid = await takeNextIssueIid(trx, context.project.id);
    const issue2 = await insertIssue(trx, {
      project_id: context.project.id,
      iid,
      title: input.title,
      description: input.description,
      state: "opened",
      author_id: actor.user.id,
      updated_by_id: null,
      closed_by_id: null,
      created_at: now,
      updated_at: now,
      closed_at: null
    });
    await insertEvent(trx, {
      project_id: context.project.id,
      author_id: actor.user.id,
      action_name: "opened",
      target_type: "Issue",
      target_id: issue2.id,
      target_iid: issue2.iid,
      target_title: issue2.title,
      data: null,
      created_at: now
    });
    return issue2;
  });
  return { issue, view: await loadIssueView(deps, context, [issue]) };
}

// src/services/read-issues.ts
async function listProjectIssues(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  const issues = await listIssues(deps.db, context.project.id, input.filter, { by: input.orderBy, direction: input.sort }, input.page);
  return { issues, view: await loadIssueView(deps, context, issues.items) };
}
async function getProjectIssue(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  const issue = await findIssue(deps.db, context.project.id, input.iid);
  if (!issue) throw notFound("Issue");
  return { issue, view: await loadIssueView(deps, context, [issue]) };
}

// src/services/update-issue.ts
async function updateIssue(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  const issue = await findIssue(deps.db, context.project.id, input.iid);
  if (!issue) throw notFound("Issue");
  if (actor.kind !== "user" || !canUpdateIssue(context.facts, issue.author_id)) throw forbidden();
  const errors = issueTextErrors(input.title, input.description);
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const now = deps.clock.now().toISOString();
  const closing = input.stateEvent === "close" && issue.state === "opened";
  const reopening = input.stateEvent === "reopen" && issue.state === "closed";
  const updated = await deps.db.transaction().execute(async (trx) => {
    const updated2 = await updateIssueRow(trx, issue.id, {
      ...input.title !== void 0 && { title: input.title },
      ...input.description !== void 0 && { description: input.description },
      ...closing && { state: "closed", closed_at: now, closed_by_id: actor.user.id },
      ...reopening && { state: "opened", closed_at: null, closed_by_id: null },
      updated_by_id: actor.user.id,
      updated_at: now
    });
    if (closing || reopening) {
      await insertEvent(trx, {
        project_id: context.project.id,
        author_id: actor.user.id,
        action_name: closing ? "closed" : "reopened",
        target_type: "Issue",
        target_id: issue.id,
        target_iid: issue.iid,
        target_title: updated2.title,
        data: null,
        created_at: now
      });
    }
    return updated2;
  });
  return { issue: updated, view: await loadIssueView(deps, context, [updated]) };
}

// src/http/presenters/issues.ts
function presentIssue(issue, users, base2, notesCount) {
  return {
    id: issue.id,
    iid: issue.iid,
    project_id: issue.project_id,
    title: issue.title,
    description: issue.description,
    state: issue.state,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    closed_by: issue.closed_by_id === null ? null : presentAuthor(users, issue.closed_by_id, base2.url),
    labels: [],
    milestone: null,
    assignees: [],
    assignee: null,
    author: presentAuthor(users, issue.author_id, base2.url),
    type: "ISSUE",
    user_notes_count: notesCount,
    upvotes: 0,
    downvotes: 0,
    confidential: false,
    web_url: `${base2.projectWebUrl}/-/issues/${issue.iid}`,
    references: { short: `#${issue.iid}` }
  };
}
function presentNote(note, issue, users, baseUrl) {
  return {
    id: note.id,
    type: null,
    body: note.body,
    author: presentAuthor(users, note.author_id, baseUrl),
    created_at: note.created_at,
    updated_at: note.updated_at,
    system: false,
    noteable_id: issue.id,
    noteable_type: "Issue",
    noteable_iid: issue.iid,
    project_id: note.project_id,
    resolvable: false,
    confidential: false,
    internal: false
  };
}

// src/http/api/v4/issues.ts
function issueRoutes(deps) {
  const base2 = deps.config.externalUrl;
  const presenter = ({ project, users, notesCount }) => {
    const projectWebUrl = `${base2}/${project.namespace.path}/${project.project.path}`;
    return (issue) => presentIssue(issue, users, { url: base2, projectWebUrl }, notesCount.get(issue.id) ?? 0);
  };
  return async (app) => {
    app.get("/projects/:id/issues", { config: { auth: "optional" } }, async (request, reply) => {
      const params = paramsOf(request);
      const state = params.oneOf("state", ["opened", "closed", "all"]);
      const { issues, view } = await listProjectIssues(deps, request.principal, {
        project: projectRef(request),
        filter: {
          state: state === "all" ? void 0 : state,
          search: params.string("search", { max: 255 }),
          authorId: params.integer("author_id", { min: 1 }),
          iids: params.integerArray("iids")
        },
        orderBy: params.oneOf("order_by", ["created_at", "updated_at", "title"]) ?? "created_at",
        sort: params.oneOf("sort", ["asc", "desc"]) ?? "desc",
        page: readPage(params)
      });
      return sendPage(request, reply, base2, issues, presenter(view));
    });
    app.get("/projects/:id/issues/:iid", { config: { auth: "optional" } }, async (request) => {
      const { issue, view } = await getProjectIssue(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, "iid", "Issue")
      });
      return presenter(view)(issue);
    });
    app.post("/projects/:id/issues", async (request, reply) => {
      const params = paramsOf(request);
      const { issue, view } = await createIssue(deps, request.principal, {
        project: projectRef(request),
        title: params.string("title", { required: true, max: 255 }),
        description: params.string("description") ?? null
      });
      reply.code(201);
      return presenter(view)(issue);
    });
    app.put("/projects/:id/issues/:iid", async (request) => {
      const params = paramsOf(request);
      const { issue, view } = await updateIssue(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, "iid", "Issue"),
        title: params.string("title", { max: 255 }),
        description: params.nullableString("description"),
        stateEvent: params.oneOf("state_event", ["close", "reopen"])
      });
      return presenter(view)(issue);
    });
  };
}

// src/db/unique-violation.ts
function isUniqueViolation(error) {
  const code = error?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

// src/policies/member-policies.ts
var canManageMembers = (facts) => facts.level >= AccessLevel.Maintainer;
function canAssignLevel(facts, level) {
  return canManageMembers(facts) && (level < AccessLevel.Owner || facts.level >= AccessLevel.Owner);
}
function canChangeMember(facts, memberLevel) {
  return canManageMembers(facts) && (memberLevel < AccessLevel.Owner || facts.level >= AccessLevel.Owner);
}

// src/services/add-project-member.ts
var BOT_ELSEWHERE = "project bots cannot be added to other groups / projects";
async function addProjectMember(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canAssignLevel(context.facts, input.accessLevel)) throw forbidden();
  if (input.expiresAt !== null && !isValidDate(input.expiresAt)) throw fieldErrors({ expires_at: ["is invalid"] });
  const user = await findUserById(deps.db, input.userId);
  if (!user || user.user_type === "ghost") throw notFound("User");
  if (user.user_type === "project_bot") throw fieldErrors({ user_id: [BOT_ELSEWHERE] });
  const now = deps.clock.now().toISOString();
  const exists = new AppError("conflict", "Member already exists");
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (await findMember(trx, context.project.id, user.id)) throw exists;
      const member = await insertMember(trx, {
        project_id: context.project.id,
        user_id: user.id,
        access_level: input.accessLevel,
        expires_at: input.expiresAt,
        created_by_id: actor.kind === "user" ? actor.user.id : null,
        created_at: now
      });
      return { member, user };
    });
  } catch (error) {
    throw isUniqueViolation(error) ? exists : error;
  }
}

// src/services/list-project-members.ts
async function listProjectMembers(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  return listMembers(deps.db, context.project.id, { query: input.query, userIds: input.userIds }, input.page);
}
async function getProjectMember(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  const member = await findMember(deps.db, context.project.id, input.userId);
  const user = member && await findUserById(deps.db, input.userId);
  if (!member || !user) throw notFound("Member");
  return { member, user };
}

// src/services/remove-project-member.ts
async function removeProjectMember(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  const member = await findMember(deps.db, context.project.id, input.userId);
  const user = await findUserById(deps.db, input.userId);
  if (!member || !user) throw notFound("Member");
  if (user.user_type === "project_bot") throw forbidden();
  const leaving = actor.kind === "user" && actor.user.id === user.id;
  if (!leaving && !canChangeMember(context.facts, member.access_level)) throw forbidden();
  await deps.db.transaction().execute(async (trx) => {
    await lockProjectMembers(trx, deps.dialect, context.project.id);
    const current = await findMember(trx, context.project.id, user.id);
    if (!current) throw notFound("Member");
    if (current.access_level === AccessLevel.Owner && await countOwners(trx, context.project.id) <= 1) {
      throw new AppError("bad_request", "A project must keep at least one owner");
    }
    await deleteMemberRow(trx, context.project.id, user.id);
  });
}

// src/services/update-project-member.ts
async function updateProjectMember(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  const member = await findMember(deps.db, context.project.id, input.userId);
  const user = await findUserById(deps.db, input.userId);
  if (!member || !user) throw notFound("Member");
  if (user.user_type === "project_bot") throw forbidden();
  if (!canChangeMember(context.facts, member.access_level) || !canAssignLevel(context.facts, input.accessLevel)) throw forbidden();
  if (input.expiresAt && !isValidDate(input.expiresAt)) throw fieldErrors({ expires_at: ["is invalid"] });
  const updated = await deps.db.transaction().execute(async (trx) => {
    await lockProjectMembers(trx, deps.dialect, context.project.id);
    const current = await findMember(trx, context.project.id, user.id);
    if (!current) throw notFound("Member");
    if (current.access_level === AccessLevel.Owner && input.accessLevel < AccessLevel.Owner && await countOwners(trx, context.project.id) <= 1) {
      throw new AppError("bad_request", "A project must keep at least one owner");
    }
    await updateMemberRow(trx, context.project.id, user.id, {
      access_level: input.accessLevel,
      ...input.expiresAt !== void 0 && { expires_at: input.expiresAt }
    });
    return await findMember(trx, context.project.id, user.id);
  });
  return { member: updated, user };
}

// src/http/presenters/members.ts
function presentMember({ member, user }, baseUrl) {
  return {
    ...presentUserBasic(user, baseUrl),
    access_level: member.access_level,
    created_at: member.created_at,
    expires_at: member.expires_at,
    created_by: null,
    membership_state: "active",
    bot: user.user_type === "project_bot"
  };
}

// src/http/api/v4/members.ts
function memberRoutes(deps) {
  const base2 = deps.config.externalUrl;
  return async (app) => {
    const list = async (request, reply) => {
      const params = paramsOf(request);
      const page = await listProjectMembers(deps, request.principal, {
        project: projectRef(request),
        query: params.string("query", { max: 255 }),
        userIds: params.integerArray("user_ids"),
        page: readPage(params)
      });
      return sendPage(request, reply, base2, page, (member) => presentMember(member, base2));
    };
    app.get("/projects/:id/members", { config: { auth: "optional" } }, list);
    app.get("/projects/:id/members/all", { config: { auth: "optional" } }, list);
    const getOne = async (request) => {
      const member = await getProjectMember(deps, request.principal, {
        project: projectRef(request),
        userId: idParam(request, "user_id", "Member")
      });
      return presentMember(member, base2);
    };
    app.get("/projects/:id/members/:user_id", { config: { auth: "optional" } }, getOne);
    app.get("/projects/:id/members/all/:user_id", { config: { auth: "optional" } }, getOne);
    app.post("/projects/:id/members", async (request, reply) => {
      const params = paramsOf(request);
      const userId = params.integer("user_id", { required: true, min: 1 });
      const accessLevel = params.oneOf("access_level", ACCESS_LEVELS, { required: true });
      const member = await addProjectMember(deps, request.principal, {
        project: projectRef(request),
        userId,
        accessLevel,
        expiresAt: params.date("expires_at") ?? null
      });
      reply.code(201);
      return presentMember(member, base2);
    });
    app.put("/projects/:id/members/:user_id", async (request) => {
      const params = paramsOf(request);
      const member = await updateProjectMember(deps, request.principal, {
        project: projectRef(request),
        userId: idParam(request, "user_id", "Member"),
        accessLevel: params.oneOf("access_level", ACCESS_LEVELS, { required: true }),
        expiresAt: params.date("expires_at")
      });
      return presentMember(member, base2);
    });
    app.delete("/projects/:id/members/:user_id", async (request, reply) => {
      await removeProjectMember(deps, request.principal, {
        project: projectRef(request),
        userId: idParam(request, "user_id", "Member")
      });
      reply.code(204);
    });
  };
}

// src/db/repositories/notes.ts
function insertNote(db, row) {
  return db.insertInto("notes").values(row).returningAll().executeTakeFirstOrThrow();
}
async function listNotes(db, issueId, direction, page) {
  const query = db.selectFrom("notes").where("issue_id", "=", issueId);
  const { total } = await query.select((eb) => eb.fn.countAll().as("total")).executeTakeFirstOrThrow();
  const items = await query.selectAll().orderBy("created_at", direction).orderBy("id", direction).limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(items, total, page);
}

// src/services/create-note.ts
async function createIssueNote(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  const issue = await findIssue(deps.db, context.project.id, input.iid);
  if (!issue) throw notFound("Issue");
  if (actor.kind !== "user" || !canCreateNote(context.facts)) throw forbidden();
  if (input.body.trim().length === 0) throw fieldErrors({ note: ["can't be blank"] });
  if (input.body.length > MAX_TEXT) throw fieldErrors({ note: [`is too long (maximum is ${MAX_TEXT} characters)`] });
  const now = deps.clock.now().toISOString();
  const note = await deps.db.transaction().execute(async (trx) => {
    const row = await insertNote(trx, {
      project_id: context.project.id,
      issue_id: issue.id,
      body: input.body,
      author_id: actor.user.id,
      created_at: now,
      updated_at: now
    });
    await insertEvent(trx, {
      project_id: context.project.id,
      author_id: actor.user.id,
      action_name: "commented on",
      target_type: "Note",
      target_id: row.id,
      target_iid: row.id,
      target_title: issue.title,
      data: JSON.stringify({ body: input.body, noteable_type: "Issue", noteable_id: issue.id, noteable_iid: issue.iid }),
      created_at: now
    });
    return row;
  });
  return { note, issue, authors: await findUsersByIds(deps.db, [note.author_id]) };
}

// src/services/read-notes.ts
async function listIssueNotes(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  const issue = await findIssue(deps.db, context.project.id, input.iid);
  if (!issue) throw notFound("Issue");
  const notes = await listNotes(deps.db, issue.id, input.sort, input.page);
  return { issue, notes, authors: await findUsersByIds(deps.db, notes.items.map((n) => n.author_id)) };
}

// src/http/api/v4/notes.ts
function noteRoutes(deps) {
  const base2 = deps.config.externalUrl;
  return async (app) => {
    app.get("/projects/:id/issues/:iid/notes", { config: { auth: "optional" } }, async (request, reply) => {
      const params = paramsOf(request);
      const { issue, notes, authors } = await listIssueNotes(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, "iid", "Issue"),
        sort: params.oneOf("sort", ["asc", "desc"]) ?? "desc",
        page: readPage(params)
      });
      return sendPage(request, reply, base2, notes, (note) => presentNote(note, issue, authors, base2));
    });
    app.post("/projects/:id/issues/:iid/notes", async (request, reply) => {
      const params = paramsOf(request);
      const { note, issue, authors } = await createIssueNote(deps, request.principal, {
        project: projectRef(request),
        iid: idParam(request, "iid", "Issue"),
        body: params.string("body", { required: true, max: 1e6 })
      });
      reply.code(201);
      return presentNote(note, issue, authors, base2);
    });
  };
}

// src/services/token-rules.ts
function maxExpiryDate(deps) {
  const { maxTokenLifetimeDays } = deps.config;
  return maxTokenLifetimeDays === null ? null : addDays(utcDate(deps.clock.now()), maxTokenLifetimeDays);
}
function resolveExpiry(deps, requested) {
  const today = utcDate(deps.clock.now());
  const max = maxExpiryDate(deps);
  if (requested === null) {
    if (max !== null) return max;
    if (deps.config.requireTokenExpiry) throw badRequest("Expires at can't be blank");
    return null;
  }
  if (!isValidDate(requested)) throw invalidParam("expires_at is invalid");
  if (requested <= today) {
    throw badRequest(
      `Expires at must be after ${today}: a token stops working at 00:00 UTC on its expiry date, so one expiring on ${requested} would be expired on arrival`
    );
  }
  if (max !== null && requested > max) throw badRequest(`Expires at must be before ${addDays(max, 1)}`);
  return requested;
}
var DEFAULT_ROTATION_DAYS = 7;
function resolveRotationExpiry(deps, requested) {
  if (requested !== null) return resolveExpiry(deps, requested);
  const week = addDays(utcDate(deps.clock.now()), DEFAULT_ROTATION_DAYS);
  const max = maxExpiryDate(deps);
  return resolveExpiry(deps, max !== null && max < week ? max : week);
}
function tokenNameProblem(name, description) {
  return nameError(name, "Name") ?? (description !== null && description.length > 255 ? "Description is too long (maximum is 255 characters)" : null);
}
function mintToken(deps) {
  const plain = generateToken(deps.config.tokenPrefix);
  return { plain, digest: tokenDigest(deps.secret, plain) };
}

// src/services/create-personal-access-token.ts
async function createPersonalAccessToken(deps, actor, input) {
  if (actor !== "system") {
    if (actor.kind !== "user") throw forbidden();
    const self = actor.user.id === input.userId && actor.via !== "token";
    if (!actor.user.isAdmin && !self) throw forbidden();
  }
  const user = await findUserById(deps.db, input.userId);
  if (!user || user.user_type === "ghost") throw notFound("User");
  if (user.user_type !== "human") throw badRequest("Personal access tokens are for humans; bots get project access tokens");
  const problem = tokenNameProblem(input.name, input.description);
  if (problem) throw badRequest(problem);
  if (input.scopes.length === 0) throw badRequest("Scopes can only contain available scopes");
  const expiresAt = resolveExpiry(deps, input.expiresAt);
  const { plain, digest } = mintToken(deps);
  const token = await insertToken(deps.db, {
    user_id: user.id,
    project_id: null,
    name: input.name,
    description: input.description,
    digest,
    scopes: JSON.stringify([...new Set(input.scopes)]),
    access_level: null,
    expires_at: expiresAt,
    revoked: 0,
    created_at: deps.clock.now().toISOString(),
    last_used_at: null,
    last_used_ips: "[]",
    last_used_ips_at: null,
    previous_personal_access_token_id: null
  });
  return { token, plain };
}

// src/policies/token-policies.ts
function canManageProjectAccessTokens(facts) {
  return facts.actor !== null && facts.actor.userType === "human" && facts.level >= AccessLevel.Maintainer;
}
var canReadProjectAccessTokens = (facts) => facts.level >= AccessLevel.Maintainer;
var holdsLevel = (facts, tokenLevel) => facts.level >= tokenLevel;
function canRevokeProjectAccessToken(facts, tokenLevel) {
  return canReadProjectAccessTokens(facts) && holdsLevel(facts, tokenLevel);
}

// src/services/audit.ts
async function recordProjectAudit(db, entry) {
  await insertAuditEvent(db, {
    entity_type: "Project",
    entity_id: entry.projectId,
    author_id: entry.author.id,
    author_name: entry.author.name,
    event_name: entry.eventName,
    target_id: entry.target?.id ?? null,
    target_type: entry.target?.type ?? null,
    target_details: entry.target?.details ?? null,
    custom_message: entry.message,
    ip_address: entry.ip,
    created_at: entry.at
  });
}

// src/services/project-token-context.ts
var tokenNotFound = (tokenId) => notFound(`Could not find project access token with token_id: ${tokenId}`);
async function projectForTokenReading(deps, actor, project) {
  const context = await findVisibleProject(deps, actor, project);
  if (!canReadProjectAccessTokens(context.facts)) throw new AppError("unauthorized", "Unauthorized");
  return context;
}
async function findProjectToken(deps, projectId, tokenId) {
  const token = Number.isSafeInteger(tokenId) ? await findTokenById(deps.db, tokenId) : void 0;
  if (!token || token.project_id !== projectId) throw tokenNotFound(tokenId);
  return token;
}
function auditScopes(scopes) {
  return `[${scopes.map((s) => `:${s}`).join(", ")}]`;
}
function auditLevel(level) {
  return accessLevelName(level ?? 0);
}

// src/db/repositories/ghost.ts
async function moveRecordsToGhost(db, fromUserId, ghostId) {
  await db.updateTable("issues").set({ author_id: ghostId }).where("author_id", "=", fromUserId).execute();
  await db.updateTable("issues").set({ updated_by_id: ghostId }).where("updated_by_id", "=", fromUserId).execute();
  await db.updateTable("issues").set({ closed_by_id: ghostId }).where("closed_by_id", "=", fromUserId).execute();
  await db.updateTable("notes").set({ author_id: ghostId }).where("author_id", "=", fromUserId).execute();
  await db.updateTable("events").set({ author_id: ghostId }).where("author_id", "=", fromUserId).execute();
  await db.updateTable("members").set({ created_by_id: ghostId }).where("created_by_id", "=", fromUserId).execute();
}

// src/services/retire-user.ts
async function retireUser(deps, trx, userId) {
  const now = deps.clock.now().toISOString();
  const ghost = await ensureGhostUser(trx, new URL(deps.config.externalUrl).hostname, now);
  await revokeTokensOfUser(trx, userId);
  await deleteMembershipsOfUser(trx, userId);
  await moveRecordsToGhost(trx, userId, ghost.id);
  await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
  await trx.deleteFrom("ssh_keys").where("user_id", "=", userId).execute();
  await trx.deleteFrom("namespaces").where("owner_id", "=", userId).execute();
  await deleteUserRow(trx, userId);
}

// src/services/revoke-project-access-token.ts
async function revokeProjectAccessToken(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  if (actor.kind !== "user") throw new AppError("unauthorized", "Unauthorized");
  const token = await findProjectToken(deps, context.project.id, input.tokenId);
  if (token.revoked) throw tokenNotFound(input.tokenId);
  const bot = await findUserById(deps.db, token.user_id);
  if (!canRevokeProjectAccessToken(context.facts, token.access_level ?? 0)) {
    const message = `${actor.user.name} cannot delete ${bot?.name ?? token.name}`;
    await recordProjectAudit(deps.db, {
      author: actor.user,
      projectId: context.project.id,
      eventName: "project_access_token_deletion_failed",
      message: `Attempted to revoke project access token with token_id: ${token.id}, but failed with message: ${message}`,
      target: bot ? { id: bot.id, type: "User", details: bot.name } : null,
      ip: input.ip,
      at: deps.clock.now().toISOString()
    });
    throw badRequest(message);
  }
  await revokeAndRetireBot(deps, actor.user, token, input.ip);
}
async function revokeAndRetireBot(deps, author, token, ip) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!await revokeTokenRow(trx, token.id)) throw tokenNotFound(token.id);
    const bot = await findUserById(trx, token.user_id);
    await recordProjectAudit(trx, {
      author,
      projectId: token.project_id,
      eventName: "project_access_token_deleted",
      message: `Revoked project access token with token_id: ${token.id}`,
      target: bot ? { id: bot.id, type: "User", details: bot.name } : null,
      ip,
      at: now
    });
    if (bot?.user_type === "project_bot") await retireUser(deps, trx, bot.id);
  });
}

// src/services/personal-access-tokens.ts
var tokenNotFound2 = () => notFound("Could not find personal access token");
function requireUser(actor) {
  if (actor.kind !== "user") throw new AppError("unauthorized", "Unauthorized");
  return actor;
}
function listPersonalAccessTokens(deps, actor, input) {
  const user = requireUser(actor).user;
  if (input.userId !== void 0 && input.userId !== user.id && !user.isAdmin) throw forbidden();
  const userId = user.isAdmin ? input.userId : user.id;
  return listTokens(deps.db, { ...input.filter, userId, today: utcDate(deps.clock.now()) }, input.sort, input.page);
}
async function getPersonalAccessToken(deps, actor, input) {
  const user = requireUser(actor).user;
  const token = Number.isSafeInteger(input.tokenId) ? await findTokenById(deps.db, input.tokenId) : void 0;
  if (!token || token.user_id !== user.id && !user.isAdmin) throw tokenNotFound2();
  return token;
}
async function getOwnToken(deps, actor) {
  const principal = requireUser(actor);
  if (principal.via !== "token") throw tokenNotFound2();
  const token = await findTokenById(deps.db, principal.token.id);
  if (!token) throw tokenNotFound2();
  return token;
}
async function revokePersonalAccessToken(deps, actor, input) {
  const token = await getPersonalAccessToken(deps, actor, input);
  if (token.revoked) throw tokenNotFound2();
  await revokeToken(deps, requireUser(actor), token, input.ip);
}
async function revokeOwnToken(deps, actor, input) {
  const token = await getOwnToken(deps, actor);
  await revokeToken(deps, requireUser(actor), token, input.ip);
}
async function revokeToken(deps, actor, token, ip) {
  if (token.project_id !== null) {
    await revokeAndRetireBot(deps, actor.user, token, ip);
    return;
  }
  if (!await revokeTokenRow(deps.db, token.id)) throw tokenNotFound2();
}

// src/http/presenters/tokens.ts
function presentToken(token, now) {
  const expired = isExpired(token.expires_at, now);
  return {
    id: token.id,
    name: token.name,
    description: token.description,
    revoked: token.revoked === 1,
    created_at: token.created_at,
    scopes: parseScopes(token.scopes),
    user_id: token.user_id,
    last_used_at: token.last_used_at,
    active: token.revoked === 0 && !expired,
    expires_at: token.expires_at,
    ...token.access_level !== null && { access_level: token.access_level }
  };
}
function presentTokenWithIps(token, now) {
  return { ...presentToken(token, now), last_used_ips: JSON.parse(token.last_used_ips) };
}
function presentNewToken(token, plain, now) {
  return { ...presentToken(token, now), token: plain };
}

// src/http/api/v4/token-filters.ts
function tokenListFilters(params) {
  return {
    filter: {
      state: params.oneOf("state", ["active", "inactive"]),
      revoked: params.boolean("revoked"),
      search: params.string("search", { max: 255 }),
      createdBefore: params.datetime("created_before"),
      createdAfter: params.datetime("created_after"),
      lastUsedBefore: params.datetime("last_used_before"),
      lastUsedAfter: params.datetime("last_used_after"),
      expiresBefore: params.date("expires_before") ?? void 0,
      expiresAfter: params.date("expires_after") ?? void 0
    },
    sort: params.oneOf("sort", TOKEN_SORTS)
  };
}

// src/http/api/v4/personal-access-tokens.ts
var ANY_SCOPE = PERSONAL_TOKEN_SCOPES;
var tokenNotFound3 = "Could not find personal access token";
function personalAccessTokenRoutes(deps) {
  const now = () => deps.clock.now();
  return async (app) => {
    app.get(
      "/personal_access_tokens/self",
      { config: { scopes: ANY_SCOPE } },
      async (request) => presentTokenWithIps(await getOwnToken(deps, request.principal), now())
    );
    app.delete("/personal_access_tokens/self", { config: { scopes: ANY_SCOPE } }, async (request, reply) => {
      await revokeOwnToken(deps, request.principal, { ip: clientIp(request) });
      reply.code(204);
    });
    app.get("/personal_access_tokens", async (request, reply) => {
      const params = paramsOf(request);
      const page = await listPersonalAccessTokens(deps, request.principal, {
        userId: params.integer("user_id", { min: 1 }),
        ...tokenListFilters(params),
        page: readPage(params)
      });
      return sendPage(request, reply, deps.config.externalUrl, page, (token) => presentToken(token, now()));
    });
    app.get(
      "/personal_access_tokens/:token_id",
      async (request) => presentToken(await getPersonalAccessToken(deps, request.principal, { tokenId: idParam(request, "token_id", tokenNotFound3) }), now())
    );
    app.delete("/personal_access_tokens/:token_id", async (request, reply) => {
      await revokePersonalAccessToken(deps, request.principal, {
        tokenId: idParam(request, "token_id", tokenNotFound3),
        ip: clientIp(request)
      });
      reply.code(204);
    });
    app.post("/users/:user_id/personal_access_tokens", async (request, reply) => {
      const params = paramsOf(request);
      const name = params.string("name", { required: true, max: 255 });
      const scopes = params.stringArray("scopes", { required: true });
      if (!scopes.every(isScope)) throw invalidParam("scopes does not have a valid value");
      const { token, plain } = await createPersonalAccessToken(deps, request.principal, {
        userId: idParam(request, "user_id", "User"),
        name,
        description: params.string("description", { max: 1e3 }) ?? null,
        scopes: scopes.filter(isScope),
        expiresAt: params.date("expires_at") ?? null
      });
      reply.code(201);
      return presentNewToken(token, plain, now());
    });
  };
}

// src/services/create-project-access-token.ts
import { randomBytes as randomBytes2 } from "node:crypto";
async function createProjectAccessToken(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  if (actor.kind !== "user") throw new AppError("unauthorized", "Unauthorized");
  const projectId = context.project.id;
  const level = input.accessLevel ?? AccessLevel.Maintainer;
  const now = deps.clock.now().toISOString();
  const auditFailure = async (error) => {
    const reason = error instanceof AppError ? error.message : "an unexpected error occurred";
    try {
      await recordProjectAudit(deps.db, {
        author: actor.user,
        projectId,
        eventName: "project_access_token_creation_failed",
        message: `Attempted to create project access token but failed with message: ${reason}`,
        target: null,
        ip: input.ip,
        at: now
      });
    } catch (auditError) {
      deps.log.error({ err: auditError, projectId }, "could not record a failed project access token creation");
    }
  };
  try {
    if (!canManageProjectAccessTokens(context.facts)) throw badRequest("User does not have permission to create project access token");
    if (!holdsLevel(context.facts, level)) throw badRequest("Access level of the token contains permissions not held by the creating user");
    const problem = tokenNameProblem(input.name, input.description);
    if (problem) throw badRequest(problem);
    if (input.scopes.length === 0 || !input.scopes.every((s) => PROJECT_TOKEN_SCOPES.includes(s))) {
      throw badRequest("Scopes can only contain available scopes");
    }
    const expiresAt = resolveExpiry(deps, input.expiresAt);
    const scopes = [...new Set(input.scopes)];
    const { plain, digest } = mintToken(deps);
    const host2 = new URL(deps.config.externalUrl).hostname;
    const token = await deps.db.transaction().execute(async (trx) => {
      const username = `project_${projectId}_bot_${randomBytes2(8).toString("hex")}`;
      const bot = await insertUser(trx, {
        username,
        name: input.name,
        email: `${username}@noreply.${host2}`,
        password_hash: null,
        user_type: "project_bot",
        is_admin: 0,
        state: "active",
        bot_project_id: projectId,
        created_at: now
      });
      await insertMember(trx, {
        project_id: projectId,
        user_id: bot.id,
        access_level: level,
        expires_at: expiresAt,
        created_by_id: actor.user.id,
        created_at: now
      });
      const row = await insertToken(trx, {
        user_id: bot.id,
        project_id: projectId,
        name: input.name,
        description: input.description,
        digest,
        scopes: JSON.stringify(scopes),
        access_level: level,
        expires_at: expiresAt,
        revoked: 0,
        created_at: now,
        last_used_at: null,
        last_used_ips: "[]",
        last_used_ips_at: null,
        previous_personal_access_token_id: null
      });
      await recordProjectAudit(trx, {
        author: actor.user,
        projectId,
        eventName: "project_access_token_created",
        message: `Created project access token with token_id: ${row.id} with scopes: ${auditScopes(scopes)} and ${auditLevel(level)} access level.`,
        target: { id: bot.id, type: "User", details: bot.name },
        ip: input.ip,
        at: now
      });
      return row;
    });
    return { token, plain };
  } catch (error) {
    await auditFailure(error);
    throw error;
  }
}

// src/services/detect-token-reuse.ts
async function detectTokenReuse(deps, presented, context) {
  if (!hasValidTokenShape(presented)) return false;
  const token = await findTokenRowByDigest(deps.db, tokenDigest(deps.secret, presented));
  if (!token || !token.revoked || !await hasSuccessor(deps.db, token.id)) return false;
  const revoked = await revokeRotationChain(deps, token, context.ip);
  if (revoked.length > 0) {
    deps.log.warn({ tokenId: token.id, revokedTokenIds: revoked }, "a rotated-away token was presented again; its rotation chain is revoked");
  }
  return revoked.length > 0;
}
async function revokeRotationChain(deps, token, ip) {
  return deps.db.transaction().execute(async (trx) => {
    const chain = await findRotationChain(trx, token.id);
    const alive = (await trx.selectFrom("personal_access_tokens").select("id").where("id", "in", chain).where("revoked", "=", 0).execute()).map(
      (row) => row.id
    );
    await revokeTokenIds(trx, chain);
    const bot = await findUserById(trx, token.user_id);
    if (bot?.user_type === "project_bot" && token.project_id !== null) {
      await recordProjectAudit(trx, {
        author: toActor(bot),
        projectId: token.project_id,
        eventName: "project_access_token_deleted",
        message: `Revoked project access token with token_id: ${Math.max(...chain)} and its rotation chain (token_id: ${chain.sort((a, b) => a - b).join(", ")}): the rotated token with token_id: ${token.id} was used again`,
        target: { id: bot.id, type: "User", details: bot.name },
        ip,
        at: deps.clock.now().toISOString()
      });
      await retireUser(deps, trx, bot.id);
    }
    return alive;
  });
}

// src/services/read-project-access-tokens.ts
async function listProjectAccessTokens(deps, actor, input) {
  const context = await projectForTokenReading(deps, actor, input.project);
  return listTokens(
    deps.db,
    { ...input.filter, projectId: context.project.id, today: utcDate(deps.clock.now()) },
    input.sort,
    input.page
  );
}
async function getProjectAccessToken(deps, actor, input) {
  const context = await projectForTokenReading(deps, actor, input.project);
  return findProjectToken(deps, context.project.id, input.tokenId);
}

// src/services/rotate-project-access-token.ts
async function rotateProjectAccessToken(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  if (actor.kind !== "user" || !canManageProjectAccessTokens(context.facts)) throw new AppError("unauthorized", "Unauthorized");
  const token = await findProjectToken(deps, context.project.id, input.tokenId);
  if (token.revoked) throw badRequest("Token already revoked");
  if (!holdsLevel(context.facts, token.access_level ?? 0)) {
    throw badRequest("Not eligible to rotate token with permissions not held by the user");
  }
  return rotateToken(deps, actor.user, token, input.expiresAt, input.ip);
}
async function rotateToken(deps, author, token, requestedExpiry, ip) {
  if (token.revoked) throw badRequest("Token already revoked");
  const expiresAt = resolveRotationExpiry(deps, requestedExpiry);
  const { plain, digest } = mintToken(deps);
  const now = deps.clock.now().toISOString();
  const successor = await deps.db.transaction().execute(async (trx) => {
    if (!await revokeTokenRow(trx, token.id)) throw badRequest("Token already revoked");
    const row = await insertToken(trx, {
      user_id: token.user_id,
      project_id: token.project_id,
      name: token.name,
      description: token.description,
      digest,
      scopes: token.scopes,
      access_level: token.access_level,
      expires_at: expiresAt,
      revoked: 0,
      created_at: now,
      last_used_at: null,
      last_used_ips: "[]",
      last_used_ips_at: null,
      previous_personal_access_token_id: token.id
    });
    if (token.project_id !== null) {
      await updateMemberRow(trx, token.project_id, token.user_id, { expires_at: expiresAt });
      await recordProjectAudit(trx, {
        author,
        projectId: token.project_id,
        eventName: "project_access_token_rotated",
        message: `Rotated project access token with token_id: ${token.id}; the new token has token_id: ${row.id}`,
        target: { id: token.user_id, type: "User", details: token.name },
        ip,
        at: now
      });
    }
    return row;
  });
  return { token: successor, plain };
}

// src/services/rotate-own-token.ts
async function rotateOwnToken(deps, actor, input) {
  if (actor.kind !== "user" || actor.via !== "token") throw new AppError("unauthorized", "Unauthorized");
  if (actor.token.projectId === null) throw new AppError("method_not_allowed", "Method Not Allowed");
  const context = await findVisibleProject(deps, actor, input.project);
  if (actor.token.projectId !== context.project.id) throw new AppError("unauthorized", "Unauthorized");
  const token = await findTokenById(deps.db, actor.token.id);
  if (!token) throw new AppError("unauthorized", "Unauthorized");
  return rotateToken(deps, actor.user, token, input.expiresAt, input.ip);
}

// src/http/api/v4/project-access-tokens.ts
var tokenNotFound4 = (request) => `Could not find project access token with token_id: ${String(request.params.token_id)}`;
function projectAccessTokenRoutes(deps) {
  const now = () => deps.clock.now();
  return async (app) => {
    app.get("/projects/:id/access_tokens", async (request, reply) => {
      const params = paramsOf(request);
      const page = await listProjectAccessTokens(deps, request.principal, {
        project: projectRef(request),
        ...tokenListFilters(params),
        page: readPage(params)
      });
      return sendPage(request, reply, deps.config.externalUrl, page, (token) => presentToken(token, now()));
    });
    app.get("/projects/:id/access_tokens/:token_id", async (request) => {
      const token = await getProjectAccessToken(deps, request.principal, {
        project: projectRef(request),
        tokenId: idParam(request, "token_id", tokenNotFound4(request))
      });
      return presentToken(token, now());
    });
    app.post("/projects/:id/access_tokens", async (request, reply) => {
      const params = paramsOf(request);
      const name = params.string("name", { required: true, max: 255 });
      const scopes = params.stringArray("scopes", { required: true });
      if (!scopes.every(isScope)) throw invalidParam("scopes does not have a valid value");
      const accessLevel = params.oneOf("access_level", ACCESS_LEVELS) ?? null;
      const { token, plain } = await createProjectAccessToken(deps, request.principal, {
        project: projectRef(request),
        name,
        description: params.string("description", { max: 1e3 }) ?? null,
        scopes,
        expiresAt: params.date("expires_at") ?? null,
        accessLevel,
        ip: clientIp(request)
      });
      reply.code(201);
      return presentNewToken(token, plain, now());
    });
    app.delete("/projects/:id/access_tokens/:token_id", async (request, reply) => {
      await revokeProjectAccessToken(deps, request.principal, {
        project: projectRef(request),
        tokenId: idParam(request, "token_id", tokenNotFound4(request)),
        ip: clientIp(request)
      });
      reply.code(204);
    });
    const detectReuse = async (request) => {
      const presented = apiTokenOf(request);
      if (presented === null || presented.fromQuery && !deps.config.allowTokenInQuery) return;
      await detectTokenReuse(deps, presented.token, { ip: clientIp(request) });
    };
    app.post("/projects/:id/access_tokens/self/rotate", { config: { scopes: ["self_rotate"] }, onRequest: detectReuse }, async (request) => {
      const params = paramsOf(request);
      const { token, plain } = await rotateOwnToken(deps, request.principal, {
        project: projectRef(request),
        expiresAt: params.date("expires_at") ?? null,
        ip: clientIp(request)
      });
      return presentNewToken(token, plain, now());
    });
    app.post("/projects/:id/access_tokens/:token_id/rotate", { onRequest: detectReuse }, async (request) => {
      const params = paramsOf(request);
      const { token, plain } = await rotateProjectAccessToken(deps, request.principal, {
        project: projectRef(request),
        tokenId: idParam(request, "token_id", tokenNotFound4(request)),
        expiresAt: params.date("expires_at") ?? null,
        ip: clientIp(request)
      });
      return presentNewToken(token, plain, now());
    });
  };
}

// src/db/repositories/namespaces.ts
function findNamespaceById(db, id) {
  return db.selectFrom("namespaces").selectAll().where("id", "=", id).executeTakeFirst();
}
function findNamespaceByOwner(db, ownerId) {
  return db.selectFrom("namespaces").selectAll().where("owner_id", "=", ownerId).executeTakeFirst();
}
function insertNamespace(db, row) {
  return db.insertInto("namespaces").values({ ...row, kind: "user" }).returningAll().executeTakeFirstOrThrow();
}
async function namespacePathTaken(db, path9) {
  const row = await db.selectFrom("namespaces").select("id").where((eb) => eb(eb.fn("lower", ["path"]), "=", path9.toLowerCase())).executeTakeFirst();
  return row !== void 0;
}

// src/git/bare-repository.ts
import { rm } from "node:fs/promises";

// src/git/run-git.ts
import { spawn } from "node:child_process";
var GitCommandError = class extends Error {
  constructor(args, exitCode, stderr) {
    super(`git ${args[0]} failed (${exitCode}): ${stderr.trim().split("\n")[0] ?? ""}`);
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
  args;
  exitCode;
  stderr;
};
function gitEnvironment(extra = {}) {
  const env = { GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_NOSYSTEM: "1", LANG: "C", LC_ALL: "C" };
  for (const name of ["PATH", "HOME", "TMPDIR"]) {
    if (process.env[name] !== void 0) env[name] = process.env[name];
  }
  return { ...env, ...extra };
}
function runGit(args, options = {}) {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: options.cwd,
      stdio: [options.input === void 0 ? "ignore" : "pipe", "pipe", "pipe"],
      env: gitEnvironment()
    });
    const out = [];
    let size2 = 0;
    let err = "";
    child.stdout.on("data", (chunk) => {
      size2 += chunk.length;
      if (size2 > maxBytes) child.kill("SIGKILL");
      else out.push(chunk);
    });
    child.stderr.on("data", (chunk) => {
      if (err.length < 4096) err += chunk.toString();
    });
    if (options.input !== void 0 && child.stdin) {
      child.stdin.on("error", () => {
      });
      child.stdin.end(options.input);
    }
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 && size2 <= maxBytes) resolve(Buffer.concat(out));
      else reject(new GitCommandError(args, code, size2 > maxBytes ? "output too large" : err));
    });
  });
}

// src/git/bare-repository.ts
async function initBareRepository(dir, defaultBranch) {
  await runGit(["init", "--bare", "--quiet", `--initial-branch=${defaultBranch}`, dir]);
  await runGit(["config", "http.receivepack", "true"], { cwd: dir });
}
async function removeRepository(dir) {
  await rm(dir, { recursive: true, force: true });
}

// src/git/repository-path.ts
import { createHash } from "node:crypto";
import path2 from "node:path";
function repositoryPath(dataDir, projectId) {
  const hash = createHash("sha256").update(String(projectId)).digest("hex");
  return path2.join(dataDir, "repositories", "@hashed", hash.slice(0, 2), hash.slice(2, 4), `${hash}.git`);
}

// src/services/project-rules.ts
var MAX_DESCRIPTION = 2e3;
function isValidBranchName(branch) {
  return /^[A-Za-z0-9._/-]{1,200}$/.test(branch) && !branch.startsWith("-") && !branch.endsWith(".lock") && !branch.endsWith(".") && !branch.includes("..") && branch.split("/").every((part) => part.length > 0 && !part.startsWith("."));
}
function projectFieldErrors(fields2) {
  const errors = {};
  if (fields2.name !== void 0) {
    const problem = nameError(fields2.name, "Name");
    if (problem) errors.name = [problem];
  }
  if (fields2.path !== void 0) {
    const problem = fields2.path.length === 0 ? "Path can't be blank" : pathError(fields2.path, "Path");
    if (problem) errors.path = [problem];
  }
  if (fields2.description && fields2.description.length > MAX_DESCRIPTION) {
    errors.description = [`Description is too long (maximum is ${MAX_DESCRIPTION} characters)`];
  }
  if (fields2.defaultBranch !== void 0 && !isValidBranchName(fields2.defaultBranch)) {
    errors.default_branch = ["Default branch is invalid"];
  }
  return errors;
}

// src/services/create-project.ts
async function createProject(deps, actor, input) {
  if (actor.kind !== "user") throw new AppError("unauthorized", "Unauthorized");
  if (!canCreateProject(actor.user)) throw forbidden();
  const name = input.name ?? input.path ?? "";
  const path9 = input.path ?? pathFromName(name);
  const defaultBranch = input.defaultBranch ?? "main";
  const errors = projectFieldErrors({ name, path: path9, description: input.description, defaultBranch });
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const namespace = input.namespaceId === void 0 ? await findNamespaceByOwner(deps.db, actor.user.id) : await findNamespaceById(deps.db, input.namespaceId);
  if (!namespace) throw notFound("Namespace");
  if (namespace.owner_id !== actor.user.id && !actor.user.isAdmin) throw notFound("Namespace");
  const now = deps.clock.now().toISOString();
  let createdDir = null;
  try {
    const project = await deps.db.transaction().execute(async (trx) => {
      if (await projectPathTaken(trx, namespace.id, path9)) {
        throw fieldErrors({ path: ["has already been taken"], name: ["has already been taken"] });
      }
      const row = await insertProject(trx, {
        namespace_id: namespace.id,
        name,
        path: path9,
        description: input.description ?? null,
        visibility: input.visibility ?? "private",
        default_branch: defaultBranch,
        creator_id: actor.user.id,
        issue_counter: 0,
        created_at: now,
        last_activity_at: now
      });
      await insertMember(trx, {
        project_id: row.id,
        user_id: namespace.owner_id,
        access_level: AccessLevel.Owner,
        expires_at: null,
        created_by_id: actor.user.id,
        created_at: now
      });
      createdDir = repositoryPath(deps.config.dataDir, row.id);
      await removeRepository(createdDir);
      await initBareRepository(createdDir, defaultBranch);
      return row;
    });
    return await findProjectById(deps.db, project.id);
  } catch (error) {
    if (createdDir) await removeRepository(createdDir);
    if (isUniqueViolation(error)) throw fieldErrors({ path: ["has already been taken"], name: ["has already been taken"] });
    throw error;
  }
}

// src/services/remove-project-records.ts
async function removeProjectRecords(deps, trx, projectId) {
  await trx.updateTable("personal_access_tokens").set({ revoked: 1 }).where("project_id", "=", projectId).execute();
  const bots = await trx.selectFrom("users").select("id").where("bot_project_id", "=", projectId).execute();
  for (const bot of bots) await retireUser(deps, trx, bot.id);
  await deleteProjectRow(trx, projectId);
}
async function removeProjectRepository(deps, projectId) {
  await removeRepository(repositoryPath(deps.config.dataDir, projectId)).catch((error) => {
    deps.log.warn({ err: error, projectId }, "could not remove repository");
  });
}

// src/services/delete-project.ts
async function deleteProject(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canDeleteProject(context.facts)) throw forbidden();
  await deps.db.transaction().execute((trx) => removeProjectRecords(deps, trx, context.project.id));
  await removeProjectRepository(deps, context.project.id);
}

// src/services/list-projects.ts
function listProjects2(deps, actor, input) {
  const user = actor.kind === "user" ? actor.user : null;
  const viewer = user?.isAdmin && !input.membership ? null : { userId: user?.id ?? null, seesInternal: user?.userType === "human" };
  return listProjects(
    deps.db,
    {
      viewer,
      membershipOnly: input.membership,
      ownedBy: input.owned ? user?.id ?? -1 : void 0,
      search: input.search,
      visibility: input.visibility
    },
    input.page,
    { by: input.orderBy, direction: input.sort }
  );
}

// src/policies/project-settings-policies.ts
var canChangeProjectVisibility = (facts) => facts.level >= AccessLevel.Owner;
var canChangeProjectPath = (facts) => facts.level >= AccessLevel.Owner;

// src/services/update-project.ts
async function updateProject(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.project);
  if (!canUpdateProject(context.facts)) throw forbidden();
  const { changes } = input;
  const { project } = context;
  if (changes.visibility !== void 0 && changes.visibility !== project.visibility && !canChangeProjectVisibility(context.facts)) throw forbidden();
  if (changes.path !== void 0 && changes.path !== project.path && !canChangeProjectPath(context.facts)) throw forbidden();
  const errors = projectFieldErrors(changes);
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const id = context.project.id;
  const pathTaken = fieldErrors({ path: ["has already been taken"] });
  await deps.db.transaction().execute(async (trx) => {
    if (changes.path !== void 0 && await projectPathTaken(trx, context.project.namespace_id, changes.path, id)) throw pathTaken;
    await updateProjectRow(trx, id, {
      ...changes.name !== void 0 && { name: changes.name },
      ...changes.path !== void 0 && { path: changes.path },
      ...changes.description !== void 0 && { description: changes.description },
      ...changes.visibility !== void 0 && { visibility: changes.visibility },
      ...changes.defaultBranch !== void 0 && { default_branch: changes.defaultBranch },
      last_activity_at: deps.clock.now().toISOString()
    });
  }).catch((error) => {
    throw isUniqueViolation(error) ? pathTaken : error;
  });
  const updated = await findProjectById(deps.db, id);
  if (!updated) throw notFound(PROJECT_NOT_FOUND);
  return updated;
}

// src/http/presenters/projects.ts
function projectUrls(config, fullPath) {
  const web = `${config.externalUrl}/${fullPath}`;
  const sshHost = new URL(config.externalUrl).hostname;
  return {
    web_url: web,
    http_url_to_repo: `${web}.git`,
    ssh_url_to_repo: config.sshPort === 22 ? `git@${sshHost}:${fullPath}.git` : `ssh://git@${sshHost}:${config.sshPort}/${fullPath}.git`
  };
}
function presentProject(config, { project, namespace }, permissions) {
  const fullPath = `${namespace.path}/${project.path}`;
  return {
    id: project.id,
    description: project.description,
    name: project.name,
    name_with_namespace: `${namespace.name} / ${project.name}`,
    path: project.path,
    path_with_namespace: fullPath,
    created_at: project.created_at,
    default_branch: project.default_branch,
    tag_list: [],
    topics: [],
    ...projectUrls(config, fullPath),
    readme_url: null,
    avatar_url: null,
    forks_count: 0,
    star_count: 0,
    last_activity_at: project.last_activity_at,
    namespace: {
      id: namespace.id,
      name: namespace.name,
      path: namespace.path,
      kind: namespace.kind,
      full_path: namespace.path,
      parent_id: null,
      avatar_url: null,
      web_url: `${config.externalUrl}/${namespace.path}`
    },
    visibility: project.visibility,
    archived: false,
    issues_enabled: true,
    creator_id: project.creator_id,
    ...config.registry.host !== null && {
      container_registry_image_prefix: `${config.registry.host}/${fullPath.toLowerCase()}`
    },
    open_issues_count: void 0,
    ...permissions && {
      permissions: {
        project_access: permissions.access_level === null ? null : { access_level: permissions.access_level, notification_level: 3 },
        group_access: null
      }
    }
  };
}

// src/http/api/v4/projects.ts
var VISIBILITIES = ["private", "internal", "public"];
var ORDERS = ["id", "name", "path", "created_at", "last_activity_at"];
function projectFields(params) {
  return {
    name: params.string("name", { max: 255 }),
    path: params.string("path", { max: 255 }),
    description: params.nullableString("description", 2e3),
    visibility: params.oneOf("visibility", VISIBILITIES),
    defaultBranch: params.string("default_branch", { max: 255 })
  };
}
function projectRoutes(deps) {
  const { config } = deps;
  return async (app) => {
    app.get("/projects", { config: { auth: "optional" } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listProjects2(deps, request.principal, {
        membership: params.boolean("membership"),
        owned: params.boolean("owned"),
        search: params.string("search", { max: 255 }),
        visibility: params.oneOf("visibility", VISIBILITIES),
        orderBy: params.oneOf("order_by", ORDERS) ?? "created_at",
        sort: params.oneOf("sort", ["asc", "desc"]) ?? "desc",
        page: readPage(params)
      });
      return sendPage(request, reply, config.externalUrl, page, (project) => presentProject(config, project));
    });
    app.get("/projects/:id", { config: { auth: "optional" } }, async (request) => {
      const context = await findVisibleProject(deps, request.principal, projectRef(request));
      return presentProject(config, context, { access_level: context.membership?.access_level ?? null });
    });
    app.post("/projects", async (request, reply) => {
      const params = paramsOf(request);
      const fields2 = projectFields(params);
      if (fields2.name === void 0 && fields2.path === void 0) params.string("name", { required: true });
      const project = await createProject(deps, request.principal, {
        ...fields2,
        namespaceId: params.integer("namespace_id", { min: 1 })
      });
      reply.code(201);
      return presentProject(config, project);
    });
    app.put("/projects/:id", async (request) => {
      const project = await updateProject(deps, request.principal, {
        project: projectRef(request),
        changes: projectFields(paramsOf(request))
      });
      return presentProject(config, project);
    });
    app.delete("/projects/:id", async (request, reply) => {
      await deleteProject(deps, request.principal, { project: projectRef(request) });
      reply.code(202);
      return { message: "202 Accepted" };
    });
  };
}

// src/git/branches.ts
var FIELDS = [
  "%(refname:lstrip=2)",
  "%(objectname)",
  "%(parent)",
  "%(authorname)",
  "%(authoremail:trim)",
  "%(authordate:iso-strict)",
  "%(committername)",
  "%(committeremail:trim)",
  "%(committerdate:iso-strict)",
  "%(contents:subject)",
  "%(contents)"
];
var UNIT = "";
var RECORD = "";
async function listBranches(repositoryDir) {
  const format = `${FIELDS.join("%1f")}%1e`;
  const out = await runGit(["for-each-ref", `--format=${format}`, "--sort=refname", "refs/heads"], { cwd: repositoryDir });
  const branches = [];
  for (const record2 of out.toString("utf8").split(RECORD)) {
    const fields2 = record2.replace(/^\n/, "").split(UNIT);
    if (fields2.length !== FIELDS.length) continue;
    const [name, id, parents, authorName, authorEmail, authoredDate, committerName, committerEmail, committedDate, title, message] = fields2;
    branches.push({
      name,
      commit: {
        id,
        parentIds: parents.split(" ").filter(Boolean),
        authorName,
        authorEmail,
        authoredDate,
        committerName,
        committerEmail,
        committedDate,
        title,
        message
      }
    });
  }
  return branches;
}

// src/services/repository-access.ts
async function findReadableRepository(deps, actor, ref) {
  const context = await findVisibleProject(deps, actor, ref);
  if (!principalHasAbility(actor, "download_code") || !canDownloadCode(context.facts)) throw forbidden();
  return {
    context,
    repositoryDir: repositoryPath(deps.config.dataDir, context.project.id),
    canPush: principalHasAbility(actor, "push_code") && canPushCode(context.facts)
  };
}

// src/services/read-repository-branches.ts
async function branchesOf(deps, actor, project) {
  const repository = await findReadableRepository(deps, actor, project);
  const { project: row, namespace } = repository.context;
  const view = (branch) => ({
    branch,
    isDefault: branch.name === row.default_branch,
    canPush: repository.canPush,
    projectPath: `${namespace.path}/${row.path}`
  });
  return { branches: await listBranches(repository.repositoryDir), view };
}
async function listRepositoryBranches(deps, actor, input) {
  const { branches, view } = await branchesOf(deps, actor, input.project);
  const search = input.search?.toLowerCase();
  const matching = search ? branches.filter((branch) => branch.name.toLowerCase().includes(search)) : branches;
  const start = (input.page.page - 1) * input.page.perPage;
  return {
    items: matching.slice(start, start + input.page.perPage).map(view),
    total: matching.length,
    page: input.page.page,
    perPage: input.page.perPage
  };
}
async function getRepositoryBranch(deps, actor, input) {
  const { branches, view } = await branchesOf(deps, actor, input.project);
  const branch = branches.find((candidate) => candidate.name === input.branch);
  if (!branch) throw notFound("Branch");
  return view(branch);
}

// src/git/blobs.ts
import { spawn as spawn2 } from "node:child_process";
async function resolveCommit(repositoryDir, ref) {
  if (ref.length === 0 || ref.length > 1024 || ref.startsWith("-") || /[\x00-\x20\x7f:]/.test(ref)) return null;
  try {
    const out = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], { cwd: repositoryDir });
    return out.toString("utf8").trim() || null;
  } catch {
    return null;
  }
}
async function findBlob(repositoryDir, commit, filePath) {
  if (filePath.length === 0 || filePath.length > 4096 || /[\x00\n\r]/.test(filePath)) return null;
  const out = await runGit(["cat-file", "--batch-check"], { cwd: repositoryDir, input: `${commit}:${filePath}
` });
  const [id, type, size2] = out.toString("utf8").trim().split(" ");
  if (type !== "blob" || !id || size2 === void 0) return null;
  return { id, size: Number(size2) };
}
function streamBlob(repositoryDir, blobId) {
  const child = spawn2("git", ["cat-file", "blob", blobId], { cwd: repositoryDir, env: gitEnvironment(), stdio: ["ignore", "pipe", "ignore"] });
  child.on("error", (error) => child.stdout.destroy(error));
  return child.stdout;
}

// src/services/read-repository-file.ts
async function readRepositoryFile(deps, actor, input) {
  const repository = await findReadableRepository(deps, actor, input.project);
  const ref = input.ref ?? repository.context.project.default_branch;
  const commitId = await resolveCommit(repository.repositoryDir, ref);
  if (commitId === null) throw notFound("Commit");
  const blob = await findBlob(repository.repositoryDir, commitId, input.filePath);
  if (blob === null) throw notFound("File");
  return {
    fileName: input.filePath.split("/").pop(),
    filePath: input.filePath,
    ref,
    commitId,
    blobId: blob.id,
    size: blob.size,
    open: () => streamBlob(repository.repositoryDir, blob.id)
  };
}

// src/http/presenters/repository.ts
function presentCommit(commit, projectWebUrl) {
  return {
    id: commit.id,
    short_id: commit.id.slice(0, 8),
    created_at: commit.committedDate,
    parent_ids: commit.parentIds,
    title: commit.title,
    message: commit.message,
    author_name: commit.authorName,
    author_email: commit.authorEmail,
    authored_date: commit.authoredDate,
    committer_name: commit.committerName,
    committer_email: commit.committerEmail,
    committed_date: commit.committedDate,
    trailers: {},
    extended_trailers: {},
    web_url: `${projectWebUrl}/-/commit/${commit.id}`
  };
}
function presentBranch(view, baseUrl) {
  const projectWebUrl = `${baseUrl}/${view.projectPath}`;
  return {
    name: view.branch.name,
    commit: presentCommit(view.branch.commit, projectWebUrl),
    merged: false,
    protected: false,
    developers_can_push: false,
    developers_can_merge: false,
    can_push: view.canPush,
    default: view.isDefault,
    web_url: `${projectWebUrl}/-/tree/${view.branch.name.split("/").map(encodeURIComponent).join("/")}`
  };
}

// src/http/api/v4/repository.ts
function repositoryRoutes(deps) {
  const base2 = deps.config.externalUrl;
  return async (app) => {
    app.get("/projects/:id/repository/branches", { config: { auth: "optional" } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listRepositoryBranches(deps, request.principal, {
        project: projectRef(request),
        search: params.string("search", { max: 255 }),
        page: readPage(params)
      });
      return sendPage(request, reply, base2, page, (view) => presentBranch(view, base2));
    });
    app.get("/projects/:id/repository/branches/:branch", { config: { auth: "optional" } }, async (request) => {
      const view = await getRepositoryBranch(deps, request.principal, { project: projectRef(request), branch: pathParam(request, "branch") });
      return presentBranch(view, base2);
    });
    app.get("/projects/:id/repository/files/:file_path/raw", { config: { auth: "optional" } }, async (request, reply) => {
      const params = paramsOf(request);
      const file = await readRepositoryFile(deps, request.principal, {
        project: projectRef(request),
        filePath: pathParam(request, "file_path"),
        ref: params.string("ref", { max: 1024 }) || void 0
      });
      reply.headers({
        "content-type": "text/plain; charset=utf-8",
        "content-length": String(file.size),
        "content-disposition": `inline; filename="${file.fileName.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        "x-content-type-options": "nosniff",
        "x-gitlab-blob-id": file.blobId,
        "x-gitlab-commit-id": file.commitId,
        "x-gitlab-file-name": encodeURIComponent(file.fileName),
        "x-gitlab-file-path": encodeURIComponent(file.filePath),
        "x-gitlab-ref": encodeURIComponent(file.ref),
        "x-gitlab-size": String(file.size)
      });
      return reply.send(file.open());
    });
  };
}

// src/domain/ssh-public-key.ts
import { createHash as createHash2 } from "node:crypto";
var ECDSA_POINT_LENGTH = { nistp256: 65, nistp384: 97, nistp521: 133 };
var SSH_KEY_TYPES = ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"];
function splitBlob(blob) {
  const parts = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) return null;
    const length2 = blob.readUInt32BE(offset);
    offset += 4;
    if (length2 > blob.length - offset) return null;
    parts.push(blob.subarray(offset, offset + length2));
    offset += length2;
  }
  return parts;
}
function mpintBits(value) {
  let start = 0;
  while (start < value.length && value[start] === 0) start++;
  if (start === value.length) return 0;
  return (value.length - start - 1) * 8 + (32 - Math.clz32(value[start]));
}
function validBody(type, parts) {
  if (parts[0]?.toString("latin1") !== type) return false;
  if (type === "ssh-ed25519") return parts.length === 2 && parts[1].length === 32;
  if (type === "ssh-rsa") return parts.length === 3 && mpintBits(parts[1]) >= 2 && mpintBits(parts[2]) >= 1024;
  const curve = type.slice("ecdsa-sha2-".length);
  return parts.length === 3 && parts[1].toString("latin1") === curve && parts[2].length === ECDSA_POINT_LENGTH[curve] && parts[2][0] === 4;
}
function fingerprintOf(blob) {
  return `SHA256:${createHash2("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}
function parseSshPublicKey(text2) {
  if (text2.length > 16384) return null;
  const line = text2.trim();
  if (line.includes("\n") || line.includes("\r")) return null;
  const match = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?: .*)?$/.exec(line);
  if (!match) return null;
  const [, type, base64] = match;
  if (!SSH_KEY_TYPES.includes(type)) return null;
  const blob = Buffer.from(base64, "base64");
  if (blob.toString("base64") !== base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")) return null;
  const parts = splitBlob(blob);
  if (!parts || !validBody(type, parts)) return null;
  return { type, blob, normalized: `${type} ${blob.toString("base64")}`, fingerprint: fingerprintOf(blob) };
}

// src/db/repositories/ssh-keys.ts
function insertSshKey(db, row) {
  return db.insertInto("ssh_keys").values(row).returningAll().executeTakeFirstOrThrow();
}
async function listSshKeysOfUser(db, userId, page) {
  const query = db.selectFrom("ssh_keys").where("user_id", "=", userId);
  const { total } = await query.select((eb) => eb.fn.countAll().as("total")).executeTakeFirstOrThrow();
  const items = await query.selectAll().orderBy("id", "asc").limit(page.perPage).offset(offsetOf(page)).execute();
  return paged(items, total, page);
}
function findSshKeyOfUser(db, userId, keyId) {
  return db.selectFrom("ssh_keys").selectAll().where("user_id", "=", userId).where("id", "=", keyId).executeTakeFirst();
}
function findSshKeyByFingerprint(db, fingerprint) {
  return db.selectFrom("ssh_keys").selectAll().where("fingerprint", "=", fingerprint).executeTakeFirst();
}
async function deleteSshKey(db, userId, keyId) {
  const result = await db.deleteFrom("ssh_keys").where("user_id", "=", userId).where("id", "=", keyId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// src/services/create-ssh-key.ts
var TAKEN = { fingerprint_sha256: ["has already been taken"] };
async function createSshKey(deps, actor, input) {
  if (actor.kind !== "user") throw new AppError("unauthorized", "Unauthorized");
  if (actor.user.userType !== "human") throw forbidden();
  const errors = {};
  const titleProblem = nameError(input.title, "Title");
  if (titleProblem) errors.title = [titleProblem];
  const parsed = parseSshPublicKey(input.key);
  if (!parsed) Object.assign(errors, { key: ["is invalid"], fingerprint_sha256: ["cannot be generated"] });
  const now = deps.clock.now().toISOString();
  if (input.expiresAt !== null && input.expiresAt <= now) errors.expires_at = ["must be in the future"];
  if (Object.keys(errors).length > 0 || !parsed) throw fieldErrors(errors);
  if (await findSshKeyByFingerprint(deps.db, parsed.fingerprint)) throw fieldErrors(TAKEN);
  try {
    return await insertSshKey(deps.db, {
      user_id: actor.user.id,
      title: input.title,
      key: input.key.trim(),
      fingerprint: parsed.fingerprint,
      created_at: now,
      expires_at: input.expiresAt,
      usage_type: input.usageType
    });
  } catch (error) {
    if (await findSshKeyByFingerprint(deps.db, parsed.fingerprint)) throw fieldErrors(TAKEN);
    throw error;
  }
}

// src/services/delete-ssh-key.ts
async function deleteSshKey2(deps, actor, input) {
  if (actor.kind !== "user") throw new AppError("unauthorized", "Unauthorized");
  if (!await deleteSshKey(deps.db, actor.user.id, input.keyId)) throw notFound("Key");
}

// src/services/read-ssh-keys.ts
function listOwnSshKeys(deps, actor, input) {
  if (actor.kind !== "user") throw new AppError("unauthorized", "Unauthorized");
  return listSshKeysOfUser(deps.db, actor.user.id, input.page);
}
async function getOwnSshKey(deps, actor, input) {
  if (actor.kind !== "user") throw new AppError("unauthorized", "Unauthorized");
  const key = await findSshKeyOfUser(deps.db, actor.user.id, input.keyId);
  if (!key) throw notFound("Key");
  return key;
}
async function listUserSshKeys(deps, _actor, input) {
  const user = /^\d{1,15}$/.test(input.user) ? isStorableId(Number(input.user)) ? await findUserById(deps.db, Number(input.user)) : void 0 : input.user.length <= 255 ? await findUserByUsername(deps.db, input.user) : void 0;
  if (!user || user.user_type === "ghost") throw notFound("User");
  return listSshKeysOfUser(deps.db, user.id, input.page);
}

// src/http/presenters/ssh-keys.ts
function presentSshKey(key) {
  return {
    id: key.id,
    title: key.title,
    created_at: key.created_at,
    expires_at: key.expires_at,
    key: key.key,
    usage_type: key.usage_type
  };
}

// src/http/api/v4/ssh-keys.ts
function sshKeyRoutes(deps) {
  const base2 = deps.config.externalUrl;
  return async (app) => {
    app.get("/user/keys", { config: { scopes: ["read_user"] } }, async (request, reply) => {
      const page = await listOwnSshKeys(deps, request.principal, { page: readPage(paramsOf(request)) });
      return sendPage(request, reply, base2, page, presentSshKey);
    });
    app.get("/user/keys/:key_id", { config: { scopes: ["read_user"] } }, async (request) => {
      return presentSshKey(await getOwnSshKey(deps, request.principal, { keyId: idParam(request, "key_id", "Key") }));
    });
    app.post("/user/keys", async (request, reply) => {
      const params = paramsOf(request);
      const key = await createSshKey(deps, request.principal, {
        title: params.string("title", { required: true, max: 255 }),
        key: params.string("key", { required: true, max: 16384 }),
        expiresAt: params.datetime("expires_at") ?? null,
        usageType: params.oneOf("usage_type", ["auth", "signing", "auth_and_signing"]) ?? "auth_and_signing"
      });
      reply.code(201);
      return presentSshKey(key);
    });
    app.delete("/user/keys/:key_id", async (request, reply) => {
      await deleteSshKey2(deps, request.principal, { keyId: idParam(request, "key_id", "Key") });
      reply.code(204);
    });
    app.get("/users/:user_id/keys", { config: { auth: "optional" } }, async (request, reply) => {
      const params = paramsOf(request);
      const page = await listUserSshKeys(deps, request.principal, { user: pathParam(request, "user_id"), page: readPage(params) });
      return sendPage(request, reply, base2, page, presentSshKey);
    });
  };
}

// src/services/create-user.ts
import { randomBytes as randomBytes4 } from "node:crypto";

// src/domain/password.ts
import { randomBytes as randomBytes3, scrypt, timingSafeEqual } from "node:crypto";
var KEY_LENGTH = 32;
var PARAMS = { N: 16384, r: 8, p: 1 };
function derive(password, salt, options) {
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      salt,
      KEY_LENGTH,
      { ...options, maxmem: 64 * 1024 * 1024 },
      (err, key) => err ? reject(err) : resolve(key)
    );
  });
}
async function hashPassword(password) {
  const salt = randomBytes3(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}
async function verifyPassword(password, stored) {
  const [kind, n, r, p, salt, key] = stored.split("$");
  if (kind !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
var DUMMY_PASSWORD_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

// src/services/create-user.ts
var MIN_PASSWORD_LENGTH = 8;
async function createUser(deps, actor, input) {
  if (actor.kind !== "user" || !actor.user.isAdmin) throw forbidden();
  return insertHuman(deps, { ...input, password: input.password ?? randomBytes4(48).toString("base64url") });
}
async function insertHuman(deps, input) {
  const errors = {};
  const usernameProblem = pathError(input.username, "Username") ?? (isReservedUsername(input.username) ? "Username is reserved" : null);
  if (usernameProblem) errors.username = [usernameProblem];
  const nameProblem = nameError(input.name, "Name");
  if (nameProblem) errors.name = [nameProblem];
  if (!isEmail(input.email)) errors.email = ["Email is invalid"];
  if (input.password.length < MIN_PASSWORD_LENGTH) errors.password = [`Password is too short (minimum is ${MIN_PASSWORD_LENGTH} characters)`];
  else if (input.password.length > 128) errors.password = ["Password is too long (maximum is 128 characters)"];
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().toISOString();
  const refuseTaken = async (db) => {
    const taken = await usernameOrEmailTaken(db, input.username, input.email);
    if (taken.username || await namespacePathTaken(db, input.username)) {
      throw new AppError("conflict", "Username has already been taken");
    }
    if (taken.email) throw new AppError("conflict", "Email has already been taken");
  };
  try {
    return await deps.db.transaction().execute(async (trx) => {
      await refuseTaken(trx);
      const user = await insertUser(trx, {
        username: input.username,
        name: input.name,
        email: input.email,
        password_hash: passwordHash,
        user_type: "human",
        is_admin: input.admin ? 1 : 0,
        state: "active",
        bot_project_id: null,
        created_at: now
      });
      await insertNamespace(trx, { path: user.username, name: user.name, owner_id: user.id, created_at: now });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      await refuseTaken(deps.db);
      throw new AppError("conflict", "Username has already been taken");
    }
    throw error;
  }
}

// src/services/delete-user.ts
async function deleteUser(deps, actor, input) {
  if (actor.kind !== "user" || !actor.user.isAdmin) throw forbidden();
  const user = await findUserById(deps.db, input.userId);
  if (!user || user.user_type === "ghost") throw notFound("User");
  if (user.id === actor.user.id) throw badRequest("You cannot delete yourself");
  const removedProjects = await deps.db.transaction().execute(async (trx) => {
    const namespace = await findNamespaceByOwner(trx, user.id);
    const projectIds = namespace ? (await trx.selectFrom("projects").select("id").where("namespace_id", "=", namespace.id).execute()).map((p) => p.id) : [];
    for (const id of projectIds) await removeProjectRecords(deps, trx, id);
    await retireUser(deps, trx, user.id);
    return projectIds;
  });
  for (const id of removedProjects) await removeProjectRepository(deps, id);
}

// src/policies/user-policies.ts
function canSeePrivateUserFields(viewer, userId) {
  return viewer.kind === "user" && (viewer.user.isAdmin || viewer.user.id === userId);
}

// src/services/read-users.ts
async function getCurrentUser(deps, actor) {
  if (actor.kind !== "user") throw new AppError("unauthorized", "Unauthorized");
  const user = await findUserById(deps.db, actor.user.id);
  if (!user) throw new AppError("unauthorized", "Unauthorized");
  return user;
}
async function getUser(deps, actor, input) {
  const user = Number.isSafeInteger(input.userId) ? await findUserById(deps.db, input.userId) : void 0;
  if (!user) throw notFound("User");
  if (actor.kind !== "user") throw notFound("User");
  return user;
}
function listUsers2(deps, actor, input) {
  if (actor.kind !== "user") throw new AppError("unauthorized", "Unauthorized");
  return listUsers(deps.db, input.filter, input.page);
}

// src/http/api/v4/users.ts
function userRoutes(deps) {
  const base2 = deps.config.externalUrl;
  return async (app) => {
    app.get("/user", { config: { scopes: ["read_user"] } }, async (request) => {
      const user = await getCurrentUser(deps, request.principal);
      return presentUser(user, base2, true);
    });
    app.get("/users", async (request, reply) => {
      const params = paramsOf(request);
      const page = await listUsers2(deps, request.principal, {
        filter: {
          username: params.string("username", { max: 255 }),
          search: params.string("search", { max: 255 }),
          humansOnly: params.boolean("humans") ?? params.boolean("exclude_internal")
        },
        page: readPage(params)
      });
      return sendPage(request, reply, base2, page, (user) => presentUser(user, base2, canSeePrivateUserFields(request.principal, user.id)));
    });
    app.get("/users/:user_id", async (request) => {
      const user = await getUser(deps, request.principal, { userId: idParam(request, "user_id", "User") });
      return presentUser(user, base2, canSeePrivateUserFields(request.principal, user.id));
    });
    app.post("/users", async (request, reply) => {
      const params = paramsOf(request);
      const email = params.string("email", { required: true, max: 255 });
      const username = params.string("username", { required: true, max: 255 });
      const name = params.string("name", { required: true, max: 255 });
      const random = params.boolean("force_random_password") || params.boolean("reset_password");
      const password = random ? params.string("password", { max: 1024 }) : params.string("password", { required: true, max: 1024 });
      const user = await createUser(deps, request.principal, {
        email,
        username,
        name,
        password: password ?? null,
        admin: params.boolean("admin") ?? false
      });
      reply.code(201);
      return presentUser(user, base2, true);
    });
    app.delete("/users/:user_id", async (request, reply) => {
      await deleteUser(deps, request.principal, { userId: idParam(request, "user_id", "User") });
      reply.code(204);
    });
  };
}

// src/http/api/v4/version.ts
var LATCHKEY_VERSION = "0.1.0";
async function versionRoutes(app) {
  app.get("/version", { config: { scopes: [...PROJECT_TOKEN_SCOPES, "read_user"] } }, async () => ({
    version: "17.0.0-latchkey",
    revision: LATCHKEY_VERSION,
    kas: { enabled: false, externalUrl: null, version: null },
    enterprise: false
  }));
}

// src/http/api/v4/index.ts
function apiV4(deps) {
  return async (app) => {
    app.decorateRequest("principal", null);
    app.addHook("preHandler", async (request) => {
      const config = request.routeOptions.config;
      if (config.auth === "none") {
        request.principal = ANONYMOUS;
        return;
      }
      const principal = await apiPrincipal(deps, request);
      if (principal.kind === "anonymous" && config.auth !== "optional") throw new AppError("unauthorized", "Unauthorized");
      requireApiScope(principal, request.method, config.scopes);
      request.principal = principal;
    });
    await app.register(versionRoutes);
    await app.register(userRoutes(deps));
    await app.register(projectRoutes(deps));
    await app.register(memberRoutes(deps));
    await app.register(issueRoutes(deps));
    await app.register(noteRoutes(deps));
    await app.register(eventRoutes(deps));
    await app.register(personalAccessTokenRoutes(deps));
    await app.register(projectAccessTokenRoutes(deps));
    await app.register(sshKeyRoutes(deps));
    await app.register(repositoryRoutes(deps));
    await app.register(containerRegistryRoutes(deps));
  };
}

// src/http/error-response.ts
var BEARER = 'Bearer realm="Protected by OAuth 2.0"';
var INVALID_TOKEN = `${BEARER}, error="invalid_token"`;
function errorResponse(error) {
  switch (error.code) {
    case "unauthorized":
      return { status: 401, body: { message: "401 Unauthorized" }, headers: { "www-authenticate": BEARER } };
    case "token_expired":
      return {
        status: 401,
        body: { error: "invalid_token", error_description: "Token is expired. You can either do re-authorization or token refresh." },
        headers: { "www-authenticate": INVALID_TOKEN }
      };
    case "token_revoked":
      return {
        status: 401,
        body: { error: "invalid_token", error_description: "Token was revoked. You have to re-authorize from the user." },
        headers: { "www-authenticate": INVALID_TOKEN }
      };
    case "insufficient_scope": {
      const scopes = error.details.scopes ?? ["api"];
      return {
        status: 403,
        body: {
          error: "insufficient_scope",
          error_description: "The request requires higher privileges than provided by the access token.",
          scope: scopes.join(" ")
        },
        headers: { "www-authenticate": `${BEARER}, error="insufficient_scope", scope="${scopes.join(" ")}"` }
      };
    }
    case "forbidden":
      return { status: 403, body: { message: error.message === "Forbidden" ? "403 Forbidden" : `403 Forbidden - ${error.message}` }, headers: {} };
    case "banned":
      return { status: 403, body: { message: "403 Forbidden" }, headers: {} };
    case "not_found":
      return { status: 404, body: { message: `404 ${error.message}` }, headers: {} };
    case "validation":
      return { status: 400, body: { error: error.message }, headers: {} };
    case "bad_request":
      return { status: 400, body: { message: `400 Bad request - ${error.message}` }, headers: {} };
    case "field_errors":
      return { status: 400, body: { message: error.details.errors }, headers: {} };
    case "conflict":
      return { status: 409, body: { message: error.message }, headers: {} };
    case "method_not_allowed":
      return { status: 405, body: { message: "405 Method Not Allowed" }, headers: {} };
    case "unavailable":
      return { status: 503, body: { message: "503 Service Unavailable" }, headers: { "retry-after": "5" } };
  }
}

// src/http/git/routes.ts
import path3 from "node:path";
import { PassThrough } from "node:stream";

// src/git/project-path.ts
var SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;
function parseGitProjectPath(raw) {
  if (raw.length === 0 || raw.length > 600) return null;
  let path9 = raw.startsWith("/") ? raw.slice(1) : raw;
  if (path9.endsWith("/")) path9 = path9.slice(0, -1);
  if (path9.endsWith(".git")) path9 = path9.slice(0, -4);
  const segments = path9.split("/");
  if (segments.length !== 2) return null;
  if (!segments.every((segment) => SEGMENT.test(segment) && !segment.includes("..") && !segment.endsWith("."))) return null;
  return segments.join("/");
}

// src/services/authorize-git-access.ts
var GIT_REFUSALS = {
  download: "You are not allowed to download code.",
  upload: "You are not allowed to upload code."
};
async function authorizeGitAccess(deps, actor, input) {
  const context = await findVisibleProject(deps, actor, input.projectPath);
  const upload = input.operation === "upload";
  if (!principalHasAbility(actor, upload ? "push_code" : "download_code")) {
    throw new AppError("forbidden", GIT_REFUSALS[input.operation]);
  }
  if (!(upload ? canPushCode(context.facts) : canDownloadCode(context.facts))) {
    throw new AppError("forbidden", GIT_REFUSALS[input.operation]);
  }
  return {
    project: { project: context.project, namespace: context.namespace },
    repositoryDir: repositoryPath(deps.config.dataDir, context.project.id)
  };
}
var GIT_PROJECT_NOT_FOUND = "The project you were looking for could not be found or you don't have permission to view it.";
var gitProjectNotFound = () => notFound(PROJECT_NOT_FOUND);

// src/git/refs.ts
async function readRefs(repositoryDir) {
  const out = await runGit(["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags"], { cwd: repositoryDir });
  const refs = /* @__PURE__ */ new Map();
  for (const line of out.toString("utf8").split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0) refs.set(line.slice(space + 1), line.slice(0, space));
  }
  return refs;
}
function diffRefs(before, after) {
  const changes = [];
  for (const [ref, sha] of after) {
    if (before.get(ref) !== sha) changes.push({ ref, before: before.get(ref) ?? null, after: sha });
  }
  for (const [ref, sha] of before) {
    if (!after.has(ref)) changes.push({ ref, before: sha, after: null });
  }
  return changes.sort((a, b) => a.ref.localeCompare(b.ref));
}
async function countNewCommits(repositoryDir, tip, excluded) {
  const lines = [tip, ...[...new Set(excluded)].map((sha) => `^${sha}`)];
  const out = await runGit(["rev-list", "--count", "--stdin"], { cwd: repositoryDir, input: `${lines.join("\n")}
` });
  return Number(out.toString("utf8").trim()) || 0;
}
async function commitTitle(repositoryDir, sha) {
  try {
    const out = await runGit(["log", "-1", "--format=%s", `${sha}^{commit}`, "--"], { cwd: repositoryDir, maxBytes: 64 * 1024 });
    return out.toString("utf8").trim();
  } catch {
    return null;
  }
}

// src/services/record-push-events.ts
var MAX_EVENTS_PER_PUSH = 100;
var TITLE_LENGTH = 70;
function truncateTitle(title) {
  if (title === null || title.length <= TITLE_LENGTH) return title;
  return `${title.slice(0, TITLE_LENGTH - 3)}...`;
}
async function pushData(repositoryDir, change, before) {
  const tag = change.ref.startsWith("refs/tags/");
  const action = change.before === null ? "created" : change.after === null ? "removed" : "pushed";
  let commitCount = 0;
  if (!tag && change.after !== null) {
    const excluded = change.before !== null ? [change.before] : [...before.values()];
    commitCount = await countNewCommits(repositoryDir, change.after, excluded);
  }
  return {
    commit_count: commitCount,
    action,
    ref_type: tag ? "tag" : "branch",
    commit_from: change.before,
    commit_to: change.after,
    ref: change.ref.replace(/^refs\/(heads|tags)\//, ""),
    commit_title: change.after === null ? null : truncateTitle(await commitTitle(repositoryDir, change.after)),
    ref_count: null
  };
}
async function recordPushEvents(deps, actor, input) {
  const after = await readRefs(input.repositoryDir);
  const changes = diffRefs(input.before, after).slice(0, MAX_EVENTS_PER_PUSH);
  if (changes.length === 0) return 0;
  const rows = [];
  for (const change of changes) rows.push({ change, data: await pushData(input.repositoryDir, change, input.before) });
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    for (const { change, data } of rows) {
      await insertEvent(trx, {
        project_id: input.projectId,
        author_id: actor.user.id,
        action_name: change.before === null ? "pushed new" : change.after === null ? "deleted" : "pushed to",
        target_type: null,
        target_id: null,
        target_iid: null,
        target_title: null,
        data: JSON.stringify(data),
        created_at: now
      });
    }
  });
  return rows.length;
}
async function beginPush(deps, actor, input) {
  const before = await readRefs(input.repositoryDir);
  return async (exitCode) => {
    try {
      await recordPushEvents(deps, actor, { ...input, before });
    } catch (error) {
      deps.log.error({ err: error, projectId: input.projectId, exitCode }, "could not record push events");
    }
  };
}

// src/http/git/cgi.ts
import { spawn as spawn3 } from "node:child_process";
var MAX_HEAD = 64 * 1024;
function headEnd(buffer) {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { head: crlf, body: crlf + 4 };
  if (lf >= 0) return { head: lf, body: lf + 2 };
  return null;
}
function parseHead(text2) {
  const headers = {};
  let status = 200;
  for (const line of text2.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "status") status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}
function readCgiHead(stream) {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const cleanup = () => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      stream.off("error", onError);
    };
    const onReadable = () => {
      let chunk;
      while ((chunk = stream.read()) !== null) {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        const end = headEnd(buffered);
        if (end) {
          cleanup();
          if (end.body < buffered.length) stream.unshift(buffered.subarray(end.body));
          resolve(parseHead(buffered.subarray(0, end.head).toString("latin1")));
          return;
        }
        if (buffered.length > MAX_HEAD) {
          cleanup();
          reject(new Error("the CGI header block is too large"));
          return;
        }
      }
    };
    const onEnd = () => {
      cleanup();
      reject(new Error("the CGI program ended before its header block"));
    };
    const onError = (error) => {
      cleanup();
      reject(error);
    };
    stream.on("readable", onReadable);
    stream.on("end", onEnd);
    stream.on("error", onError);
  });
}
function spawnHttpBackend(request) {
  const env = {
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    GATEWAY_INTERFACE: "CGI/1.1",
    PATH_INFO: request.pathInfo,
    REQUEST_METHOD: request.method,
    QUERY_STRING: request.query,
    REMOTE_ADDR: request.remoteAddr
  };
  if (request.contentType) env.CONTENT_TYPE = request.contentType;
  if (request.contentLength) env.CONTENT_LENGTH = request.contentLength;
  if (request.contentEncoding) env.HTTP_CONTENT_ENCODING = request.contentEncoding;
  if (request.gitProtocol) env.HTTP_GIT_PROTOCOL = request.gitProtocol;
  if (request.remoteUser) env.REMOTE_USER = request.remoteUser;
  return spawn3("git", ["http-backend"], { env: gitEnvironment(env), stdio: ["pipe", "pipe", "pipe"] });
}

// src/auth/authenticate-password.ts
async function authenticatePassword(deps, login, password) {
  const user = login.length > 0 && login.length <= 255 ? await findUserByLogin(deps.db, login) : void 0;
  const hash = user?.password_hash ?? DUMMY_PASSWORD_HASH;
  const ok = await verifyPassword(password.slice(0, 1024), hash);
  if (!user || !ok || user.user_type !== "human" || user.state !== "active" || user.password_hash === null) {
    throw new AppError("unauthorized", "Invalid login or password");
  }
  return { kind: "user", user: toActor(user), via: "password" };
}

// src/auth/authenticate-basic.ts
function authenticateBasic(deps, username, password, context) {
  if (hasValidTokenShape(password)) return authenticateToken(deps, password, context);
  return authenticatePassword(deps, username, password);
}

// src/auth/failed-auth-ban.ts
import { BlockList, isIPv6 } from "node:net";

// src/db/repositories/auth-failures.ts
function findAuthFailures(db, ip) {
  return db.selectFrom("auth_failures").selectAll().where("ip", "=", ip).executeTakeFirst();
}
async function clearAuthFailures(db, ip) {
  await db.deleteFrom("auth_failures").where("ip", "=", ip).execute();
}
async function countAuthFailure(db, ip, now, windowStartedAfter, limit, bannedUntil) {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("auth_failures").values({ ip, failures: 0, window_started_at: now, banned_until: null }).onConflict((oc) => oc.column("ip").doNothing()).execute();
    await trx.updateTable("auth_failures").set((eb) => ({
      failures: eb.case().when("window_started_at", "<=", windowStartedAfter).then(1).else(eb("failures", "+", 1)).end(),
      window_started_at: eb.case().when("window_started_at", "<=", windowStartedAfter).then(now).else(eb.ref("window_started_at")).end()
    })).where("ip", "=", ip).execute();
    await trx.updateTable("auth_failures").set({ banned_until: bannedUntil }).where("ip", "=", ip).where("failures", ">=", limit).execute();
  });
}

// src/auth/failed-auth-ban.ts
var CREDENTIAL_FAILURES = /* @__PURE__ */ new Set(["unauthorized", "token_expired", "token_revoked"]);
var trustedLists = /* @__PURE__ */ new WeakMap();
function isTrusted(deps, ip) {
  const proxies = deps.config.trustedProxies;
  if (proxies.length === 0) return false;
  let list = trustedLists.get(proxies);
  if (!list) {
    list = new BlockList();
    for (const entry of proxies) {
      const [address, prefix] = entry.split("/");
      const type = isIPv6(address) ? "ipv6" : "ipv4";
      if (prefix === void 0) list.addAddress(address, type);
      else list.addSubnet(address, Number(prefix), type);
    }
    trustedLists.set(proxies, list);
  }
  return list.check(ip, isIPv6(ip) ? "ipv6" : "ipv4");
}
function enabled(deps, ip) {
  return ip !== null && deps.config.authBan.maxFailures > 0 && !isTrusted(deps, ip);
}
async function assertNotBanned(deps, ip) {
  if (!enabled(deps, ip)) return { hasFailures: false };
  const row = await findAuthFailures(deps.db, ip);
  if (row?.banned_until && row.banned_until > deps.clock.now().toISOString()) {
    throw new AppError("banned", "Too many failed authentication attempts from this address");
  }
  return { hasFailures: row !== void 0 };
}
async function recordAuthFailure(deps, ip) {
  if (!enabled(deps, ip)) return;
  const now = deps.clock.now();
  const { maxFailures, windowSeconds, banSeconds } = deps.config.authBan;
  await countAuthFailure(
    deps.db,
    ip,
    now.toISOString(),
    new Date(now.getTime() - windowSeconds * 1e3).toISOString(),
    maxFailures,
    new Date(now.getTime() + banSeconds * 1e3).toISOString()
  );
}
async function recordAuthSuccess(deps, ip) {
  if (!enabled(deps, ip)) return;
  await clearAuthFailures(deps.db, ip);
}
async function withFailedAuthBan(deps, ip, attempt) {
  const { hasFailures } = await assertNotBanned(deps, ip);
  try {
    const result = await attempt();
    if (hasFailures) await recordAuthSuccess(deps, ip);
    return result;
  } catch (error) {
    if (error instanceof AppError && CREDENTIAL_FAILURES.has(error.code)) await recordAuthFailure(deps, ip);
    throw error;
  }
}

// src/http/git/git-principal.ts
function parseBasicAuthorization(header2) {
  if (typeof header2 !== "string" || !/^basic\s+/i.test(header2)) return null;
  const decoded = Buffer.from(header2.replace(/^basic\s+/i, "").trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return { username: decoded, password: "" };
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
async function gitHttpPrincipal(deps, request) {
  const ip = clientIp(request);
  const credentials = parseBasicAuthorization(request.headers.authorization);
  if (credentials === null) {
    await assertNotBanned(deps, ip);
    return ANONYMOUS;
  }
  return withFailedAuthBan(deps, ip, async () => {
    if (credentials.username.trim() === "" || credentials.password === "") throw new AppError("unauthorized", "Unauthorized");
    return authenticateBasic(deps, credentials.username, credentials.password, { ip });
  });
}

// src/http/git/git-refusal.ts
var BASIC_CHALLENGE = 'Basic realm="Latchkey"';
var ACCESS_DENIED = "HTTP Basic: Access denied. The provided password or token is incorrect or your account has 2FA enabled and you must use a personal access token instead of a password.";
function sendGitRefusal(reply, error, anonymous) {
  if (!(error instanceof AppError)) throw error;
  const text2 = (status, body) => reply.code(status).type("text/plain; charset=utf-8").send(`${body}
`);
  if (error.code === "banned") return text2(403, "Too many failed authentication attempts from this address. Try again later.");
  if (anonymous || error.code === "unauthorized") {
    reply.header("www-authenticate", BASIC_CHALLENGE);
    return text2(401, ACCESS_DENIED);
  }
  switch (error.code) {
    case "token_expired":
      reply.header("www-authenticate", BASIC_CHALLENGE);
      return text2(401, "Token is expired. You can either do re-authorization or token refresh.");
    case "token_revoked":
      reply.header("www-authenticate", BASIC_CHALLENGE);
      return text2(401, "Token was revoked. You have to re-authorize from the user.");
    case "not_found":
      return text2(404, GIT_PROJECT_NOT_FOUND);
    case "forbidden":
      return text2(403, error.message);
    default:
      throw error;
  }
}

// src/http/git/routes.ts
var OPERATION = { "git-upload-pack": "download", "git-receive-pack": "upload" };
var GIT_PROTOCOL = /^[A-Za-z0-9=:,._-]{1,256}$/;
function header(request, name) {
  const value = request.headers[name];
  return typeof value === "string" && value.length > 0 ? value : void 0;
}
function gitHttpRoutes(deps) {
  const projectRoot = path3.join(deps.config.dataDir, "repositories");
  async function serve(request, reply, service, suffix) {
    const params = request.params;
    let principal = null;
    let access;
    try {
      principal = await gitHttpPrincipal(deps, request);
      const projectPath2 = parseGitProjectPath(`${params.namespace}/${params.project}`);
      if (projectPath2 === null) throw gitProjectNotFound();
      access = await authorizeGitAccess(deps, principal, { projectPath: projectPath2, operation: OPERATION[service] });
    } catch (error) {
      return sendGitRefusal(reply, error, principal?.kind === "anonymous");
    }
    const finishPush = suffix === "git-receive-pack" && principal.kind === "user" ? await beginPush(deps, principal, { projectId: access.project.project.id, repositoryDir: access.repositoryDir }) : null;
    const gitProtocol = header(request, "git-protocol");
    const chunked = request.headers["transfer-encoding"] !== void 0;
    const child = spawnHttpBackend({
      projectRoot,
      pathInfo: `/${path3.relative(projectRoot, access.repositoryDir)}/${suffix}`,
      method: request.method,
      query: suffix === "info/refs" ? `service=${service}` : "",
      contentType: header(request, "content-type"),
      contentLength: chunked ? void 0 : header(request, "content-length"),
      contentEncoding: header(request, "content-encoding"),
      gitProtocol: gitProtocol && GIT_PROTOCOL.test(gitProtocol) ? gitProtocol : void 0,
      remoteUser: principal.kind === "user" ? principal.user.username : void 0,
      remoteAddr: clientIp(request)
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      if (stderr.length < 4096) stderr += chunk.toString("utf8");
    });
    child.stdin.on("error", () => {
    });
    const body = request.body;
    if (request.method === "POST" && body) {
      body.on("error", () => child.kill("SIGKILL"));
      body.pipe(child.stdin);
    } else {
      child.stdin.end();
    }
    const out = new PassThrough();
    const closed = new Promise((resolve) => child.on("close", resolve));
    child.on("error", (error) => out.destroy(error));
    reply.raw.on("close", () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    void closed.then(async (code) => {
      if (code !== 0) request.log.warn({ exitCode: code, stderr: stderr.slice(0, 1e3) }, "git http-backend failed");
      if (finishPush) await finishPush(code);
      out.end();
    });
    let head;
    try {
      head = await readCgiHead(child.stdout);
    } catch (error) {
      child.kill("SIGKILL");
      request.log.error({ err: error, stderr: stderr.slice(0, 1e3) }, "git http-backend gave no response");
      return reply.code(500).type("text/plain").send("Internal Server Error\n");
    }
    child.stdout.pipe(out, { end: false });
    return reply.code(head.status).headers(head.headers).send(out);
  }
  return async (app) => {
    app.addContentTypeParser(
      ["application/x-git-upload-pack-request", "application/x-git-receive-pack-request"],
      (_request, payload, done) => done(null, payload)
    );
    app.get("/:namespace/:project/info/refs", { exposeHeadRoute: false }, async (request, reply) => {
      const service = request.query.service;
      if (service !== "git-upload-pack" && service !== "git-receive-pack") {
        return reply.code(403).type("text/plain; charset=utf-8").send("Only the smart HTTP protocol is supported.\n");
      }
      return serve(request, reply, service, "info/refs");
    });
    app.post("/:namespace/:project/git-upload-pack", (request, reply) => serve(request, reply, "git-upload-pack", "git-upload-pack"));
    app.post("/:namespace/:project/git-receive-pack", (request, reply) => serve(request, reply, "git-receive-pack", "git-receive-pack"));
  };
}

// src/http/health.ts
import { sql as sql3 } from "kysely";
function healthRoutes(deps) {
  return async (app) => {
    app.get("/-/liveness", async () => ({ status: "ok" }));
    const check = async (_request, reply) => {
      try {
        await sql3`select 1`.execute(deps.db);
        return { status: "ok", master_check: [{ status: "ok" }], db_check: [{ status: "ok" }] };
      } catch {
        reply.code(503);
        return { status: "failed", db_check: [{ status: "failed", message: "database unreachable" }] };
      }
    };
    app.get("/-/readiness", check);
    app.get("/-/health", async (request, reply) => {
      const result = await check(request, reply);
      return result.status === "ok" ? "GitLab OK" : "GitLab is not responding";
    });
  };
}

// src/registry/notification-secret.ts
import { createHmac as createHmac2, timingSafeEqual as timingSafeEqual2 } from "node:crypto";
function registryNotificationSecret(instanceSecret) {
  return createHmac2("sha256", instanceSecret).update("latchkey registry notifications").digest("base64url");
}
function secretsMatch(presented, expected) {
  const a = createHmac2("sha256", "compare").update(presented).digest();
  const b = createHmac2("sha256", "compare").update(expected).digest();
  return timingSafeEqual2(a, b) && presented.length === expected.length;
}

// src/auth/authenticate-registry-notification.ts
function authenticateRegistryNotification(deps, authorization) {
  if (authorization === void 0 || !secretsMatch(authorization, registryNotificationSecret(deps.secret))) {
    throw new AppError("unauthorized", "Unauthorized");
  }
  return "registry";
}

// src/registry/notification-envelope.ts
var REGISTRY_NOTIFICATION_PATH = "/api/v4/container_registry_event/events";
var text = (value, max = 512) => typeof value === "string" && value.length > 0 && value.length <= max ? value : null;
var size = (value) => typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
var record = (value) => value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
function parseNotificationEnvelope(body) {
  const events = record(body).events;
  if (!Array.isArray(events) || events.length > 1e3) return null;
  const parsed = [];
  for (const raw of events) {
    const event = record(raw);
    const target = record(event.target);
    const action = text(event.action, 32);
    const repository = text(target.repository, 255);
    if (action === null || repository === null) continue;
    const references = Array.isArray(target.references) ? target.references.slice(0, 1e3).map(record) : [];
    parsed.push({
      action,
      repository,
      tag: text(target.tag, 128),
      digest: text(target.digest, 160),
      mediaType: text(target.mediaType, 255),
      references: references.map((ref) => ({ mediaType: text(ref.mediaType, 255), digest: text(ref.digest, 160), size: size(ref.size) })),
      actorName: text(record(event.actor).name, 255)
    });
  }
  return parsed;
}
function isManifestMediaType(mediaType) {
  return mediaType !== null && /(manifest|image\.index)/.test(mediaType);
}

// src/registry/registry-scope.ts
var RESOURCE_TYPE = /^[a-z0-9]+(?:\([a-z0-9]+\))?$/;
var PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
var ACTION = /^(?:[a-z]+|\*)$/;
var MAX_NAME_LENGTH = 255;
function isRepositoryName(name) {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && name.split("/").every((component) => PATH_COMPONENT.test(component));
}
function parseRegistryScope(raw) {
  if (raw.length > 512) return null;
  const first = raw.indexOf(":");
  const last = raw.lastIndexOf(":");
  if (first <= 0 || last === first) return null;
  const type = raw.slice(0, first);
  const name = raw.slice(first + 1, last);
  const actionList = raw.slice(last + 1);
  if (!RESOURCE_TYPE.test(type) || !isRepositoryName(name)) return null;
  const actions = actionList === "" ? [] : actionList.split(",");
  if (!actions.every((action) => ACTION.test(action))) return null;
  return { type, name, actions: [...new Set(actions)] };
}
function projectPathOfImage(name) {
  const components = name.split("/");
  return components.length >= 2 ? `${components[0]}/${components[1]}` : null;
}

// src/services/record-registry-events.ts
async function recordRegistryEvents(deps, _actor, input) {
  for (const event of input.events) {
    if (!isRepositoryName(event.repository)) continue;
    if (event.action === "push" && isManifestMediaType(event.mediaType) && event.digest !== null) {
      await recordPush(deps, event, event.digest);
    } else if (event.action === "delete" && (event.tag !== null || event.digest !== null)) {
      await recordDelete(deps, event);
    }
  }
}
async function authorId(deps, trx, username, now) {
  const user = username === null ? void 0 : await findUserByUsername(trx, username);
  if (user) return user.id;
  return (await ensureGhostUser(trx, new URL(deps.config.externalUrl).hostname, now)).id;
}
async function recordPush(deps, event, digest) {
  const projectPath2 = projectPathOfImage(event.repository);
  if (projectPath2 === null) return;
  const [namespacePath, projectName] = projectPath2.split("/");
  const found = await findProjectByPath(deps.db, namespacePath, projectName);
  if (!found) return;
  const now = deps.clock.now().toISOString();
  const config = event.references.find((ref) => ref.mediaType !== null && /config/.test(ref.mediaType));
  const sizes = event.references.map((ref) => ref.size);
  const totalSize = sizes.length > 0 && sizes.every((s) => s !== null) ? sizes.reduce((sum, s) => sum + s, 0) : null;
  await deps.db.transaction().execute(async (trx) => {
    const repository = await ensureContainerRepository(trx, {
      project_id: found.project.id,
      name: event.repository.split("/").slice(2).join("/"),
      path: event.repository,
      created_at: now
    });
    if (event.tag === null) return;
    const previous = await findContainerTag(trx, repository.id, event.tag);
    if (previous?.digest === digest) return;
    await upsertContainerTag(trx, {
      repository_id: repository.id,
      name: event.tag,
      digest,
      media_type: event.mediaType,
      revision: config?.digest?.replace(/^sha256:/, "") ?? null,
      total_size: totalSize,
      now
    });
    await insertEvent(trx, {
      project_id: repository.project_id,
      author_id: await authorId(deps, trx, event.actorName, now),
      action_name: previous ? "pushed to" : "pushed new",
      target_type: "ContainerRepository",
      target_id: repository.id,
      target_iid: null,
      target_title: `${event.repository}:${event.tag}`,
      data: JSON.stringify({
        commit_count: 0,
        action: previous ? "pushed" : "created",
        ref_type: "tag",
        commit_from: previous?.digest ?? null,
        commit_to: digest,
        ref: event.tag,
        commit_title: null,
        ref_count: null
      }),
      created_at: now
    });
  });
}
async function recordDelete(deps, event) {
  const repository = await findContainerRepositoryByPath(deps.db, event.repository);
  if (!repository) return;
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const removed = await deleteContainerTags(trx, repository.id, event.tag !== null ? { name: event.tag } : { digest: event.digest });
    for (const tag of removed) {
      await insertEvent(trx, {
        project_id: repository.project_id,
        author_id: await authorId(deps, trx, event.actorName, now),
        action_name: "deleted",
        target_type: "ContainerRepository",
        target_id: repository.id,
        target_iid: null,
        target_title: `${event.repository}:${tag.name}`,
        data: null,
        created_at: now
      });
    }
  });
}

// src/http/registry/notification-routes.ts
function registryNotificationRoutes(deps) {
  return async (app) => {
    app.addContentTypeParser(
      "application/vnd.docker.distribution.events.v1+json",
      { parseAs: "string" },
      app.getDefaultJsonParser("error", "ignore")
    );
    app.post(REGISTRY_NOTIFICATION_PATH, async (request, reply) => {
      const actor = authenticateRegistryNotification(deps, request.headers.authorization);
      const events = parseNotificationEnvelope(request.body);
      if (events === null) throw invalidParam("events is missing");
      await recordRegistryEvents(deps, actor, { events });
      return reply.code(200).send({});
    });
  };
}

// src/registry/signing-key.ts
import { createPrivateKey, createPublicKey as createPublicKey2, generateKeyPairSync, X509Certificate } from "node:crypto";
import { chmodSync, linkSync, mkdirSync as mkdirSync2, readFileSync, rmSync, writeFileSync } from "node:fs";
import path4 from "node:path";

// src/registry/certificate.ts
import { createPublicKey, randomBytes as randomBytes5, sign } from "node:crypto";
function length(n) {
  if (n < 128) return Buffer.from([n]);
  const bytes = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 255);
  return Buffer.from([128 | bytes.length, ...bytes]);
}
var tlv = (tag, body) => Buffer.concat([Buffer.from([tag]), length(body.length), body]);
var sequence = (...items) => tlv(48, Buffer.concat(items));
var set = (...items) => tlv(49, Buffer.concat(items));
var nullValue = () => Buffer.from([5, 0]);
var utf8 = (text2) => tlv(12, Buffer.from(text2, "utf8"));
var explicit = (n, body) => tlv(160 + n, body);
var bitString = (bytes) => tlv(3, Buffer.concat([Buffer.from([0]), bytes]));
var octetString = (bytes) => tlv(4, bytes);
var boolean = (value) => tlv(1, Buffer.from([value ? 255 : 0]));
function integer(bytes) {
  let body = bytes;
  while (body.length > 1 && body[0] === 0 && body[1] < 128) body = body.subarray(1);
  if (body[0] >= 128) body = Buffer.concat([Buffer.from([0]), body]);
  return tlv(2, body);
}
function oid(dotted) {
  const parts = dotted.split(".").map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk = [part & 127];
    for (let rest = Math.floor(part / 128); rest > 0; rest = Math.floor(rest / 128)) chunk.unshift(rest & 127 | 128);
    bytes.push(...chunk);
  }
  return tlv(6, Buffer.from(bytes));
}
function time(date) {
  const iso = date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(23, Buffer.from(`${iso.slice(2)}Z`)) : tlv(24, Buffer.from(`${iso}Z`));
}
var SHA256_WITH_RSA = sequence(oid("1.2.840.113549.1.1.11"), nullValue());
function selfSignedCertificate(privateKey, options) {
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: "spki", format: "der" });
  const name = sequence(set(sequence(oid("2.5.4.3"), utf8(options.commonName))));
  const serial = randomBytes5(16);
  serial[0] &= 127;
  const extensions = explicit(
    3,
    sequence(
      sequence(oid("2.5.29.19"), boolean(true), octetString(sequence())),
      // basicConstraints: not a CA
      sequence(oid("2.5.29.15"), boolean(true), octetString(tlv(3, Buffer.from([7, 128]))))
      // keyUsage: digitalSignature
    )
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    // v3
    integer(serial),
    SHA256_WITH_RSA,
    name,
    sequence(time(options.notBefore), time(options.notAfter)),
    name,
    spki,
    extensions
  );
  const signature = sign("sha256", tbs, privateKey);
  const der = sequence(tbs, SHA256_WITH_RSA, bitString(signature));
  const lines = der.toString("base64").match(/.{1,64}/g);
  return `-----BEGIN CERTIFICATE-----
${lines.join("\n")}
-----END CERTIFICATE-----
`;
}

// src/registry/libtrust-key-id.ts
import { createHash as createHash3 } from "node:crypto";
var BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(bytes) {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = buffer << 8 | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[buffer >>> bits - 5 & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[buffer << 5 - bits & 31];
  return out;
}
function libtrustKeyId(publicKey) {
  const der = publicKey.export({ type: "spki", format: "der" });
  const encoded = base32(createHash3("sha256").update(der).digest().subarray(0, 30));
  return encoded.match(/.{4}/g).join(":");
}

// src/registry/signing-key.ts
function registryFiles(dataDir) {
  const dir = path4.join(dataDir, "registry");
  return {
    dir,
    key: path4.join(dir, "token-signing.key"),
    certificate: path4.join(dir, "token-signing.crt"),
    config: path4.join(dir, "config.yml"),
    storage: path4.join(dir, "storage")
  };
}
function createOnce(file, content, mode) {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, content, { mode, flag: "wx" });
  try {
    chmodSync(temporary, mode);
    linkSync(temporary, file);
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}
function loadOrCreateRegistrySigningKey(dataDir) {
  const files = registryFiles(dataDir);
  mkdirSync2(files.dir, { recursive: true, mode: 448 });
  let pem;
  try {
    pem = readFileSync(files.key, "utf8");
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
    const { privateKey: privateKey2 } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    createOnce(files.key, privateKey2.export({ type: "pkcs8", format: "pem" }), 384);
    pem = readFileSync(files.key, "utf8");
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey2(privateKey);
  const kid = libtrustKeyId(publicKey);
  let certificateMatches = false;
  try {
    certificateMatches = libtrustKeyId(new X509Certificate(readFileSync(files.certificate)).publicKey) === kid;
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  if (!certificateMatches) {
    const now = /* @__PURE__ */ new Date();
    const certificate = selfSignedCertificate(privateKey, {
      commonName: "latchkey registry token signing",
      notBefore: new Date(now.getTime() - 24 * 3600 * 1e3),
      notAfter: new Date(now.getTime() + 100 * 365 * 24 * 3600 * 1e3)
    });
    rmSync(files.certificate, { force: true });
    createOnce(files.certificate, certificate, 420);
  }
  return { privateKey, kid, certificateFile: files.certificate };
}

// src/registry/registry-token.ts
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
var REGISTRY_SERVICE = "container_registry";
var REGISTRY_ISSUER = "latchkey-issuer";
var REGISTRY_TOKEN_LIFETIME_SECONDS = 5 * 60;
function signRegistryToken(key, claims) {
  const iat = Math.floor(claims.now.getTime() / 1e3);
  const jwt = new SignJWT({ access: claims.access.map((a) => ({ type: a.type, name: a.name, actions: [...a.actions] })) }).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid }).setIssuer(REGISTRY_ISSUER).setAudience(REGISTRY_SERVICE).setIssuedAt(iat).setNotBefore(iat - 5).setExpirationTime(iat + REGISTRY_TOKEN_LIFETIME_SECONDS).setJti(randomUUID());
  if (claims.subject !== null) jwt.setSubject(claims.subject);
  return jwt.sign(key.privateKey);
}

// src/services/authorize-registry-access.ts
var MAX_SCOPES = 20;
async function authorizeRegistryAccess(deps, actor, input) {
  if (deps.config.registry.mode === "off") throw new AppError("not_found", "registry not enabled");
  if (input.service !== REGISTRY_SERVICE) throw new AppError("not_found", "unknown service");
  const scopes = input.scopes.flatMap((value) => value.split(/\s+/)).filter((value) => value.length > 0);
  if (scopes.length > MAX_SCOPES) throw invalidParam(`at most ${MAX_SCOPES} scopes may be asked for at once`);
  const requested = scopes.map((raw) => {
    const parsed = parseRegistryScope(raw);
    if (!parsed) throw invalidParam(`scope ${JSON.stringify(raw.slice(0, 300))} is not type:name:actions with a valid repository name`);
    return parsed;
  });
  const abilities = {
    readContainerImage: principalHasAbility(actor, "read_container_image"),
    createContainerImage: principalHasAbility(actor, "create_container_image"),
    adminContainerImage: principalHasAbility(actor, "admin_container_image")
  };
  const user = actor.kind === "user" ? actor.user : null;
  const factsByProject = /* @__PURE__ */ new Map();
  const access = [];
  for (const scope of requested) {
    if (scope.type === "registry") {
      if (scope.name === "catalog" && scope.actions.includes("*") && canListRegistryCatalog(user, abilities)) {
        access.push({ type: "registry", name: "catalog", actions: ["*"] });
      }
      continue;
    }
    if (scope.type !== "repository") continue;
    const projectPath2 = projectPathOfImage(scope.name);
    if (projectPath2 === null) continue;
    if (!factsByProject.has(projectPath2)) factsByProject.set(projectPath2, await visibleProjectFacts(deps, actor, projectPath2));
    const facts = factsByProject.get(projectPath2);
    if (!facts) continue;
    const actions = grantedRepositoryActions(facts, abilities, scope.actions);
    if (actions.length > 0) access.push({ type: "repository", name: scope.name, actions });
  }
  return { subject: user?.username ?? null, access };
}
async function visibleProjectFacts(deps, actor, projectPath2) {
  try {
    return (await findVisibleProject(deps, actor, projectPath2)).facts;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}

// src/http/registry/registry-principal.ts
function basicCredentials(header2) {
  if (header2 === void 0) return null;
  const match = /^basic\s+(\S*)\s*$/i.exec(header2);
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return "malformed";
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
async function registryPrincipal(deps, request) {
  const ip = clientIp(request);
  const credentials = basicCredentials(request.headers.authorization);
  if (credentials === null) {
    await assertNotBanned(deps, ip);
    return ANONYMOUS;
  }
  return withFailedAuthBan(deps, ip, async () => {
    if (credentials === "malformed" || credentials.password.length === 0) throw new AppError("unauthorized", "Unauthorized");
    return authenticateBasic(deps, credentials.username, credentials.password, { ip });
  });
}

// src/http/registry/token-routes.ts
var registryError = (code, message) => ({ errors: [{ code, message }] });
function tokenEndpointError(error) {
  switch (error.code) {
    case "unauthorized":
    case "token_expired":
    case "token_revoked":
      return { status: 401, body: registryError("UNAUTHORIZED", "HTTP Basic: Access denied") };
    case "banned":
      return { status: 403, body: registryError("DENIED", "Too many failed authentication attempts from this address") };
    case "validation":
      return { status: 400, body: registryError("INVALID_SCOPE", error.message) };
    case "not_found":
      return { status: 404, body: registryError("UNAVAILABLE", error.message) };
    default:
      return { status: 403, body: registryError("DENIED", error.message) };
  }
}
function queryList(value) {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
}
function registryTokenRoutes(deps) {
  return async (app) => {
    let signingKey = null;
    app.setErrorHandler((error, request, reply) => {
      if (!(error instanceof AppError)) throw error;
      const { status, body } = tokenEndpointError(error);
      if (status === 401 || status === 403) request.log.info({ code: error.code }, "registry token refused");
      return reply.code(status).send(body);
    });
    app.get("/jwt/auth", async (request) => {
      const query = request.query;
      const principal = await registryPrincipal(deps, request);
      const grant = await authorizeRegistryAccess(deps, principal, {
        service: typeof query.service === "string" ? query.service : void 0,
        scopes: queryList(query.scope)
      });
      signingKey ??= loadOrCreateRegistrySigningKey(deps.config.dataDir);
      const token = await signRegistryToken(signingKey, { subject: grant.subject, access: grant.access, now: deps.clock.now() });
      return { token };
    });
  };
}

// src/http/registry/index.ts
function registryRoutes(deps) {
  return async (app) => {
    await app.register(registryTokenRoutes(deps));
    await app.register(registryNotificationRoutes(deps));
  };
}

// src/http/web/index.tsx
import fastifyCookie from "@fastify/cookie";

// src/domain/session-id.ts
import { createHmac as createHmac3, randomBytes as randomBytes6, timingSafeEqual as timingSafeEqual3 } from "node:crypto";
var SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1e3;
var SHAPE2 = /^[A-Za-z0-9_-]{43}$/;
function generateSessionSecret() {
  return randomBytes6(32).toString("base64url");
}
function hasSessionSecretShape(value) {
  return SHAPE2.test(value);
}
function sessionDigest(secret, sessionId) {
  return createHmac3("sha256", secret).update(`session:${sessionId}`).digest("hex");
}
function sameSecret(submitted, expected) {
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual3(a, b);
}

// src/db/repositories/sessions.ts
function insertSession(db, row) {
  return db.insertInto("sessions").values(row).execute().then(() => void 0);
}
async function findSessionWithUser(db, idDigest) {
  const row = await db.selectFrom("sessions as s").innerJoin("users as u", "u.id", "s.user_id").selectAll("u").select(["s.id_digest as s_id_digest", "s.csrf_token as s_csrf_token", "s.created_at as s_created_at", "s.expires_at as s_expires_at"]).where("s.id_digest", "=", idDigest).executeTakeFirst();
  if (!row) return void 0;
  const { s_id_digest, s_csrf_token, s_created_at, s_expires_at, ...user } = row;
  return {
    session: { id_digest: s_id_digest, user_id: user.id, csrf_token: s_csrf_token, created_at: s_created_at, expires_at: s_expires_at },
    user
  };
}
async function deleteSession(db, idDigest) {
  await db.deleteFrom("sessions").where("id_digest", "=", idDigest).execute();
}
async function deleteExpiredSessions(db, now) {
  await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
}

// src/auth/authenticate-session.ts
async function authenticateSession(deps, sessionId) {
  if (sessionId === void 0 || !hasSessionSecretShape(sessionId)) return null;
  const digest = sessionDigest(deps.secret, sessionId);
  const found = await findSessionWithUser(deps.db, digest);
  if (!found) return null;
  const { session, user } = found;
  if (session.expires_at <= deps.clock.now().toISOString()) {
    await deleteSession(deps.db, digest);
    return null;
  }
  if (user.user_type !== "human" || user.state !== "active") return null;
  return {
    principal: { kind: "user", user: toActor(user), via: "session" },
    csrfToken: session.csrf_token,
    expiresAt: session.expires_at
  };
}

// src/http/web/assets.ts
import { createHash as createHash4 } from "node:crypto";
import { readFileSync as readFileSync2 } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
function load(file, type) {
  const body = readFileSync2(file);
  return { body, type, version: createHash4("sha256").update(body).digest("hex").slice(0, 12) };
}
var require2 = createRequire(import.meta.url);
var ASSETS = {
  "pico.min.css": load(require2.resolve("@picocss/pico/css/pico.min.css"), "text/css; charset=utf-8"),
  "latchkey.css": load(fileURLToPath(new URL("./assets/latchkey.css", import.meta.url)), "text/css; charset=utf-8"),
  "latchkey.js": load(fileURLToPath(new URL("./assets/latchkey.js", import.meta.url)), "text/javascript; charset=utf-8")
};
function assetUrl(name) {
  const asset = ASSETS[name];
  return `/-/assets/${name}${asset ? `?v=${asset.version}` : ""}`;
}
async function assetRoutes(app) {
  app.get("/-/assets/:file", { config: { auth: "none" } }, async (request, reply) => {
    const name = request.params.file;
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : void 0;
    if (!asset) return reply.callNotFound();
    return reply.header("content-type", asset.type).header("cache-control", "public, max-age=86400").header("x-content-type-options", "nosniff").send(asset.body);
  });
}

// src/http/web/components/csrf-field.tsx
import { jsx } from "preact/jsx-runtime";
var CSRF_FIELD = "authenticity_token";
function CsrfField({ view, token }) {
  return /* @__PURE__ */ jsx("input", { type: "hidden", name: CSRF_FIELD, value: token ?? view?.csrfToken ?? "" });
}

// src/http/web/cookies.ts
var SESSION_COOKIE = "latchkey_session";
var PRE_SESSION_COOKIE = "latchkey_csrf";
function base(config) {
  return { path: "/", httpOnly: true, sameSite: "lax", secure: config.externalUrl.startsWith("https:") };
}
function sessionCookieOptions(config) {
  return { ...base(config), maxAge: Math.floor(SESSION_LIFETIME_MS / 1e3) };
}
function clearCookie(reply, config, name) {
  reply.clearCookie(name, base(config));
}
function preSessionToken(request, reply, config) {
  const existing = request.cookies[PRE_SESSION_COOKIE];
  if (existing !== void 0 && hasSessionSecretShape(existing)) return existing;
  const token = generateSessionSecret();
  reply.setCookie(PRE_SESSION_COOKIE, token, base(config));
  return token;
}

// src/http/web/components/layout.tsx
import { jsx as jsx2, jsxs } from "preact/jsx-runtime";
function NavLink({ view, href, children }) {
  const current = href === "/" ? view.path === "/" : view.path === href || view.path.startsWith(`${href}/`);
  return /* @__PURE__ */ jsx2("li", { children: /* @__PURE__ */ jsx2("a", { href, "aria-current": current ? "page" : void 0, children }) });
}
function UserMenu({ view }) {
  const user = view.user;
  if (user === void 0) {
    return /* @__PURE__ */ jsx2("ul", { children: /* @__PURE__ */ jsx2("li", { children: /* @__PURE__ */ jsx2("a", { href: "/", children: "Projects" }) }) });
  }
  if (user === null) {
    return /* @__PURE__ */ jsx2("ul", { children: /* @__PURE__ */ jsx2("li", { children: /* @__PURE__ */ jsx2("a", { href: "/users/sign_in", children: "Sign in" }) }) });
  }
  return /* @__PURE__ */ jsxs("ul", { children: [
    /* @__PURE__ */ jsx2(NavLink, { view, href: "/", children: "Projects" }),
    user.isAdmin && /* @__PURE__ */ jsx2(NavLink, { view, href: "/admin/users", children: "Admin area" }),
    /* @__PURE__ */ jsx2("li", { children: /* @__PURE__ */ jsxs("details", { class: "dropdown", children: [
      /* @__PURE__ */ jsx2("summary", { "aria-label": `User menu for ${user.username}`, children: user.username }),
      /* @__PURE__ */ jsxs("ul", { dir: "rtl", children: [
        /* @__PURE__ */ jsx2("li", { children: /* @__PURE__ */ jsx2("a", { href: "/-/user_settings/personal_access_tokens", dir: "ltr", children: "Personal access tokens" }) }),
        /* @__PURE__ */ jsx2("li", { children: /* @__PURE__ */ jsxs("form", { method: "post", action: "/users/sign_out", dir: "ltr", children: [
          /* @__PURE__ */ jsx2(CsrfField, { view }),
          /* @__PURE__ */ jsx2("button", { type: "submit", class: "link", children: "Sign out" })
        ] }) })
      ] })
    ] }) })
  ] });
}
function Layout({ view, title, children }) {
  return /* @__PURE__ */ jsxs("html", { lang: "en", children: [
    /* @__PURE__ */ jsxs("head", { children: [
      /* @__PURE__ */ jsx2("meta", { charset: "utf-8" }),
      /* @__PURE__ */ jsx2("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
      /* @__PURE__ */ jsx2("meta", { name: "color-scheme", content: "light dark" }),
      /* @__PURE__ */ jsx2("link", { rel: "icon", href: "data:," }),
      /* @__PURE__ */ jsx2("title", { children: `${title} \xB7 Latchkey` }),
      /* @__PURE__ */ jsx2("link", { rel: "stylesheet", href: assetUrl("pico.min.css") }),
      /* @__PURE__ */ jsx2("link", { rel: "stylesheet", href: assetUrl("latchkey.css") }),
      /* @__PURE__ */ jsx2("script", { src: assetUrl("latchkey.js"), defer: true })
    ] }),
    /* @__PURE__ */ jsxs("body", { children: [
      /* @__PURE__ */ jsx2("a", { class: "skip-link", href: "#main", children: "Skip to content" }),
      /* @__PURE__ */ jsx2("header", { class: "container", children: /* @__PURE__ */ jsxs("nav", { "aria-label": "Main", children: [
        /* @__PURE__ */ jsx2("ul", { children: /* @__PURE__ */ jsx2("li", { children: /* @__PURE__ */ jsx2("a", { href: "/", class: "brand", children: /* @__PURE__ */ jsx2("strong", { children: "Latchkey" }) }) }) }),
        /* @__PURE__ */ jsx2(UserMenu, { view })
      ] }) }),
      /* @__PURE__ */ jsx2("main", { class: "container", id: "main", children }),
      /* @__PURE__ */ jsx2("footer", { class: "container", children: /* @__PURE__ */ jsx2("small", { children: "Latchkey \xB7 GitLab API v4 compatible" }) })
    ] })
  ] });
}

// src/http/web/pages/status-page.tsx
import { jsx as jsx3, jsxs as jsxs2 } from "preact/jsx-runtime";
function StatusPage({ view, status, title, children }) {
  return /* @__PURE__ */ jsx3(Layout, { view, title, children: /* @__PURE__ */ jsxs2("article", { children: [
    /* @__PURE__ */ jsxs2("hgroup", { children: [
      /* @__PURE__ */ jsx3("h1", { children: title }),
      /* @__PURE__ */ jsx3("p", { class: "muted", children: `Error ${status}` })
    ] }),
    children,
    /* @__PURE__ */ jsx3("p", { children: /* @__PURE__ */ jsx3("a", { href: "/", children: "Go to your projects" }) })
  ] }) });
}
function NotFoundPage({ view }) {
  return /* @__PURE__ */ jsx3(StatusPage, { view, status: 404, title: "Page not found", children: /* @__PURE__ */ jsx3("p", { children: "The page you were looking for doesn't exist, or you don't have access to it." }) });
}

// src/http/web/render.ts
import { renderToString } from "preact-render-to-string";
var PAGE_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "cache-control": "no-store"
};
function sendPage2(reply, page, status = 200) {
  return reply.code(status).headers(PAGE_HEADERS).type("text/html; charset=utf-8").send(`<!doctype html>
${renderToString(page)}`);
}
function redirectAfterPost(reply, location2) {
  return reply.code(303).header("cache-control", "no-store").redirect(location2, 303);
}

// src/http/web/not-found.tsx
import { jsx as jsx4 } from "preact/jsx-runtime";
function wantsHtmlPage(request) {
  const accept = request.headers.accept ?? "";
  return (request.method === "GET" || request.method === "HEAD") && accept.includes("text/html") && !request.url.startsWith("/api/");
}
function sendNotFoundPage(request, reply, view) {
  return sendPage2(reply, /* @__PURE__ */ jsx4(NotFoundPage, { view: view ?? { user: void 0, csrfToken: "", path: request.url.split("?")[0] } }), 404);
}

// src/http/web/paths.ts
function projectPath({ project, namespace }) {
  return `/${encodeURIComponent(namespace.path)}/${encodeURIComponent(project.path)}`;
}
var projectMembersPath = (p) => `${projectPath(p)}/-/project_members`;
var projectAccessTokensPath = (p) => `${projectPath(p)}/-/settings/access_tokens`;
var PERSONAL_TOKENS_PATH = "/-/user_settings/personal_access_tokens";
var SIGN_IN_PATH = "/users/sign_in";
function projectRefOf(params) {
  const { namespace, project } = params;
  return `${namespace}/${project.replace(/\.git$/, "")}`;
}
function idOf(params, name) {
  const raw = params[name] ?? "";
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

// src/http/web/web-context.ts
function viewOf(request) {
  const session = request.web?.session ?? null;
  return { user: session?.principal.user ?? null, csrfToken: session?.csrfToken ?? "", path: request.url.split("?")[0] };
}
function principalOf(request) {
  return request.web?.session?.principal ?? ANONYMOUS;
}
function signedIn(request) {
  const session = request.web.session;
  if (!session) throw new Error("signedIn() called on a route that does not require sign-in");
  return { principal: session.principal, user: session.principal.user };
}

// src/http/web/error-handler.tsx
import { jsx as jsx5 } from "preact/jsx-runtime";
function signInRedirect(request, reply) {
  const back = request.method === "GET" && request.url !== "/" ? `?redirect_to=${encodeURIComponent(request.url)}` : "";
  return reply.redirect(`${SIGN_IN_PATH}${back}`, 303);
}
function acceptsHtml(request) {
  return (request.headers.accept ?? "").includes("text/html");
}
var FORBIDDEN_TEXT = "You don't have the permission to see this page or do this.";
function webErrorHandler(error, request, reply) {
  const view = viewOf(request);
  const signedIn2 = view.user !== null && view.user !== void 0;
  if (error instanceof AppError) {
    switch (error.code) {
      case "not_found":
        if (!acceptsHtml(request)) return reply.code(404).send({ error: "404 Not Found" });
        if (!signedIn2 && request.method === "GET") return signInRedirect(request, reply);
        return sendNotFoundPage(request, reply, view);
      case "unauthorized":
        if (!signedIn2) return signInRedirect(request, reply);
        return sendPage2(reply, /* @__PURE__ */ jsx5(StatusPage, { view, status: 403, title: "Access denied", children: /* @__PURE__ */ jsx5("p", { children: FORBIDDEN_TEXT }) }), 403);
      case "forbidden":
      case "insufficient_scope":
      case "banned":
        return sendPage2(reply, /* @__PURE__ */ jsx5(StatusPage, { view, status: 403, title: "Access denied", children: /* @__PURE__ */ jsx5("p", { children: FORBIDDEN_TEXT }) }), 403);
      case "unavailable":
        return sendPage2(reply, /* @__PURE__ */ jsx5(StatusPage, { view, status: 503, title: "Service unavailable", children: /* @__PURE__ */ jsx5("p", { children: "Please try again in a moment." }) }), 503);
      default:
        return sendPage2(reply, /* @__PURE__ */ jsx5(StatusPage, { view, status: 400, title: "Request refused", children: /* @__PURE__ */ jsx5("p", { children: error.message }) }), 400);
    }
  }
  const status = error.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return sendPage2(reply, /* @__PURE__ */ jsx5(StatusPage, { view, status, title: "Request refused", children: /* @__PURE__ */ jsx5("p", { children: "The request could not be read." }) }), status);
  }
  request.log.error({ err: error }, "unhandled error in a web page");
  return sendPage2(reply, /* @__PURE__ */ jsx5(StatusPage, { view, status: 500, title: "Something went wrong", children: /* @__PURE__ */ jsx5("p", { children: "The error was logged. Please try again." }) }), 500);
}

// src/http/web/form.ts
var LONE_SURROGATE2 = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function clean(name, value) {
  const text2 = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : "";
  if (text2.includes("\0") || LONE_SURROGATE2.test(text2)) throw invalidParam(`${name} is invalid`);
  return text2;
}
function formBody(body) {
  return body !== null && typeof body === "object" && !Array.isArray(body) ? body : {};
}
function field(body, name) {
  const value = body[name];
  return clean(name, Array.isArray(value) ? value[0] : value);
}
function fields(body, name) {
  const value = body[name];
  if (value === void 0) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => clean(name, item));
}
function optionalField(body, name) {
  const value = field(body, name);
  return value.trim() === "" ? null : value;
}
function safeRedirect(target) {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\") || /[\r\n]/.test(target)) return "/";
  return target;
}
function pageNumber(query) {
  const raw = query?.page;
  return typeof raw === "string" && /^\d{1,6}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 1;
}

// src/http/web/form-errors.ts
var SHOWN_ON_FORM = /* @__PURE__ */ new Set(["validation", "bad_request", "field_errors", "conflict", "forbidden", "not_found"]);
var FIELD_NAMES = { name: "Name", path: "Path", description: "Description", default_branch: "Default branch", expires_at: "Expires at" };
function formErrorMessage(error) {
  if (error.code === "forbidden") return "You don't have permission to do that.";
  if (error.code !== "field_errors") return error.message;
  const errors = error.details.errors ?? {};
  const lines = Object.entries(errors).flatMap(
    ([fieldName, messages]) => messages.map(
      (message) => /^(has |is |can't |must |does )/.test(message) ? `${FIELD_NAMES[fieldName] ?? fieldName} ${message}` : message
    )
  );
  return [...new Set(lines)].join(". ");
}
function formErrorStatus(error) {
  if (error.code === "forbidden") return 403;
  if (error.code === "not_found") return 404;
  if (error.code === "conflict") return 409;
  return 400;
}
async function tryForm(action) {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof AppError && SHOWN_ON_FORM.has(error.code)) return { ok: false, error };
    throw error;
  }
}

// src/http/web/notices.ts
var NOTICES = {
  project_created: "The project was created.",
  token_revoked: "The token was revoked. It no longer works anywhere.",
  member_added: "The member was added.",
  member_updated: "The role was updated.",
  member_removed: "The member was removed.",
  left_project: "You left the project.",
  user_created: "The user was created."
};
function noticeOf(query) {
  const key = query?.notice;
  return typeof key === "string" && Object.hasOwn(NOTICES, key) ? NOTICES[key] : null;
}

// src/http/web/components/messages.tsx
import { jsx as jsx6 } from "preact/jsx-runtime";
function FormError({ message, id = "form-error" }) {
  if (!message) return null;
  return /* @__PURE__ */ jsx6("p", { class: "form-error", role: "alert", id, children: message });
}
function Notice({ message }) {
  if (!message) return null;
  return /* @__PURE__ */ jsx6("p", { class: "notice", role: "status", children: message });
}

// src/http/web/components/breadcrumb.tsx
import { jsx as jsx7 } from "preact/jsx-runtime";
function Breadcrumb({ items }) {
  return /* @__PURE__ */ jsx7("nav", { "aria-label": "breadcrumb", children: /* @__PURE__ */ jsx7("ul", { children: items.map((item, index) => /* @__PURE__ */ jsx7("li", { children: item.href && index < items.length - 1 ? /* @__PURE__ */ jsx7("a", { href: item.href, children: item.label }) : /* @__PURE__ */ jsx7("span", { "aria-current": index === items.length - 1 ? "page" : void 0, children: item.label }) })) }) });
}

// src/http/web/pages/admin-new-user.tsx
import { jsx as jsx8, jsxs as jsxs3 } from "preact/jsx-runtime";
function AdminNewUserPage({ view, values, error }) {
  return /* @__PURE__ */ jsxs3(Layout, { view, title: "New user \xB7 Admin area", children: [
    /* @__PURE__ */ jsx8(Breadcrumb, { items: [{ label: "Admin area" }, { label: "Users", href: "/admin/users" }, { label: "New user" }] }),
    /* @__PURE__ */ jsx8("h1", { children: "New user" }),
    /* @__PURE__ */ jsxs3("form", { method: "post", action: "/admin/users", children: [
      /* @__PURE__ */ jsx8(CsrfField, { view }),
      /* @__PURE__ */ jsx8(FormError, { message: error }),
      /* @__PURE__ */ jsxs3("div", { class: "grid-2", children: [
        /* @__PURE__ */ jsxs3("div", { children: [
          /* @__PURE__ */ jsx8("label", { for: "user-name", children: "Name" }),
          /* @__PURE__ */ jsx8("input", { id: "user-name", name: "name", type: "text", required: true, maxlength: 255, value: values.name, autocomplete: "off" })
        ] }),
        /* @__PURE__ */ jsxs3("div", { children: [
          /* @__PURE__ */ jsx8("label", { for: "user-username", children: "Username" }),
          /* @__PURE__ */ jsx8("input", { id: "user-username", name: "username", type: "text", required: true, maxlength: 255, value: values.username, autocomplete: "off" })
        ] })
      ] }),
      /* @__PURE__ */ jsx8("label", { for: "user-email", children: "Email" }),
      /* @__PURE__ */ jsx8("input", { id: "user-email", name: "email", type: "email", required: true, maxlength: 255, value: values.email, autocomplete: "off" }),
      /* @__PURE__ */ jsx8("label", { for: "user-password", children: "Password" }),
      /* @__PURE__ */ jsx8("input", { id: "user-password", name: "password", type: "password", required: true, minlength: 8, maxlength: 128, autocomplete: "new-password", "aria-describedby": "user-password-help" }),
      /* @__PURE__ */ jsx8("small", { id: "user-password-help", children: "At least 8 characters. Share it with the user over a safe channel." }),
      /* @__PURE__ */ jsxs3("label", { for: "user-admin", children: [
        /* @__PURE__ */ jsx8("input", { id: "user-admin", name: "admin", type: "checkbox", value: "1", role: "switch", checked: values.admin }),
        "Administrator (may manage users and every project)"
      ] }),
      /* @__PURE__ */ jsx8("button", { type: "submit", children: "Create user" })
    ] })
  ] });
}

// src/http/web/components/pager.tsx
import { jsx as jsx9, jsxs as jsxs4 } from "preact/jsx-runtime";
function Pager({ page, path: path9, label }) {
  const pages2 = Math.max(1, Math.ceil(page.total / page.perPage));
  if (pages2 <= 1) return null;
  return /* @__PURE__ */ jsxs4("nav", { class: "pager", "aria-label": label, children: [
    page.page > 1 ? /* @__PURE__ */ jsx9("a", { href: `${path9}?page=${page.page - 1}`, children: "\u2190 Previous" }) : /* @__PURE__ */ jsx9("span", {}),
    /* @__PURE__ */ jsxs4("small", { children: [
      "Page ",
      page.page,
      " of ",
      pages2
    ] }),
    page.page < pages2 ? /* @__PURE__ */ jsx9("a", { href: `${path9}?page=${page.page + 1}`, children: "Next \u2192" }) : /* @__PURE__ */ jsx9("span", {})
  ] });
}

// src/http/web/components/time.tsx
import { jsx as jsx10 } from "preact/jsx-runtime";
function Timestamp({ at, never = "Never", dateOnly = false }) {
  if (at === null) return /* @__PURE__ */ jsx10("span", { class: "muted", children: never });
  const full = `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
  return /* @__PURE__ */ jsx10("time", { datetime: at, title: full, children: dateOnly ? at.slice(0, 10) : full });
}
function DateOnly({ date, never = "Never" }) {
  if (date === null) return /* @__PURE__ */ jsx10("span", { class: "muted", children: never });
  return /* @__PURE__ */ jsx10("time", { datetime: date, children: date });
}

// src/http/web/pages/admin-users.tsx
import { jsx as jsx11, jsxs as jsxs5 } from "preact/jsx-runtime";
function Kind({ user }) {
  if (user.user_type === "project_bot") return /* @__PURE__ */ jsx11("span", { class: "badge bot", children: "Bot" });
  return user.is_admin ? /* @__PURE__ */ jsx11("span", { class: "badge admin", children: "Admin" }) : /* @__PURE__ */ jsx11("span", { class: "badge", children: "Regular" });
}
function AdminUsersPage({ view, users, notice }) {
  return /* @__PURE__ */ jsxs5(Layout, { view, title: "Users \xB7 Admin area", children: [
    /* @__PURE__ */ jsx11(Breadcrumb, { items: [{ label: "Admin area" }, { label: "Users" }] }),
    /* @__PURE__ */ jsxs5("div", { class: "page-head", children: [
      /* @__PURE__ */ jsx11("h1", { children: `Users (${users.total})` }),
      /* @__PURE__ */ jsx11("a", { href: "/admin/users/new", class: "button-link", children: "New user" })
    ] }),
    /* @__PURE__ */ jsx11(Notice, { message: notice }),
    /* @__PURE__ */ jsx11("div", { class: "overflow-auto", children: /* @__PURE__ */ jsxs5("table", { class: "striped", id: "users", children: [
      /* @__PURE__ */ jsx11("thead", { children: /* @__PURE__ */ jsxs5("tr", { children: [
        /* @__PURE__ */ jsx11("th", { scope: "col", children: "Name" }),
        /* @__PURE__ */ jsx11("th", { scope: "col", children: "Email" }),
        /* @__PURE__ */ jsx11("th", { scope: "col", children: "Access" }),
        /* @__PURE__ */ jsx11("th", { scope: "col", children: "State" }),
        /* @__PURE__ */ jsx11("th", { scope: "col", children: "Created" })
      ] }) }),
      /* @__PURE__ */ jsx11("tbody", { children: users.items.map((user) => /* @__PURE__ */ jsxs5("tr", { "data-username": user.username, children: [
        /* @__PURE__ */ jsxs5("td", { children: [
          /* @__PURE__ */ jsx11("strong", { children: user.name }),
          /* @__PURE__ */ jsx11("br", {}),
          /* @__PURE__ */ jsx11("small", { children: `@${user.username}` })
        ] }),
        /* @__PURE__ */ jsx11("td", { children: user.email }),
        /* @__PURE__ */ jsx11("td", { children: /* @__PURE__ */ jsx11(Kind, { user }) }),
        /* @__PURE__ */ jsx11("td", { children: user.state }),
        /* @__PURE__ */ jsx11("td", { children: /* @__PURE__ */ jsx11(Timestamp, { at: user.created_at, dateOnly: true }) })
      ] })) })
    ] }) }),
    /* @__PURE__ */ jsx11(Pager, { page: users, path: "/admin/users", label: "User pages" })
  ] });
}

// src/http/web/routes/admin-users.tsx
import { jsx as jsx12 } from "preact/jsx-runtime";
function requireAdmin(request) {
  const signed = signedIn(request);
  if (!signed.user.isAdmin) throw notFound("Page");
  return signed;
}
function adminRoutes(deps) {
  return async (app) => {
    app.get("/admin", async (request, reply) => {
      requireAdmin(request);
      return reply.redirect("/admin/users", 303);
    });
    app.get("/admin/users", async (request, reply) => {
      const { principal } = requireAdmin(request);
      const users = await listUsers2(deps, principal, { filter: {}, page: { page: pageNumber(request.query), perPage: 50 } });
      return sendPage2(reply, /* @__PURE__ */ jsx12(AdminUsersPage, { view: viewOf(request), users, notice: noticeOf(request.query) }));
    });
    app.get("/admin/users/new", async (request, reply) => {
      requireAdmin(request);
      const values = { name: "", username: "", email: "", admin: false };
      return sendPage2(reply, /* @__PURE__ */ jsx12(AdminNewUserPage, { view: viewOf(request), values, error: null }));
    });
    app.post("/admin/users", async (request, reply) => {
      const { principal } = requireAdmin(request);
      const body = formBody(request.body);
      const values = {
        name: field(body, "name"),
        username: field(body, "username").trim(),
        email: field(body, "email").trim(),
        admin: field(body, "admin") === "1"
      };
      const result = await tryForm(() => createUser(deps, principal, { ...values, password: field(body, "password") }));
      if (!result.ok) {
        return sendPage2(reply, /* @__PURE__ */ jsx12(AdminNewUserPage, { view: viewOf(request), values, error: formErrorMessage(result.error) }), formErrorStatus(result.error));
      }
      return redirectAfterPost(reply, "/admin/users?notice=user_created");
    });
  };
}

// src/http/web/pages/dashboard.tsx
import { Fragment, jsx as jsx13, jsxs as jsxs6 } from "preact/jsx-runtime";
function DashboardPage({ view, projects, notice }) {
  return /* @__PURE__ */ jsxs6(Layout, { view, title: "Projects", children: [
    /* @__PURE__ */ jsxs6("div", { class: "page-head", children: [
      /* @__PURE__ */ jsxs6("hgroup", { children: [
        /* @__PURE__ */ jsx13("h1", { children: "Projects" }),
        /* @__PURE__ */ jsx13("p", { class: "lead", children: "Projects you are a member of." })
      ] }),
      /* @__PURE__ */ jsx13("a", { href: "/projects/new", class: "button-link", children: "New project" })
    ] }),
    /* @__PURE__ */ jsx13(Notice, { message: notice }),
    projects.items.length === 0 ? /* @__PURE__ */ jsxs6("article", { children: [
      /* @__PURE__ */ jsx13("p", { children: "You are not a member of any project yet." }),
      /* @__PURE__ */ jsx13("a", { href: "/projects/new", children: "Create your first project" })
    ] }) : /* @__PURE__ */ jsx13("div", { class: "overflow-auto", children: /* @__PURE__ */ jsxs6("table", { class: "striped", id: "projects", children: [
      /* @__PURE__ */ jsx13("thead", { children: /* @__PURE__ */ jsxs6("tr", { children: [
        /* @__PURE__ */ jsx13("th", { scope: "col", children: "Project" }),
        /* @__PURE__ */ jsx13("th", { scope: "col", children: "Visibility" }),
        /* @__PURE__ */ jsx13("th", { scope: "col", children: "Last activity" })
      ] }) }),
      /* @__PURE__ */ jsx13("tbody", { children: projects.items.map((item) => /* @__PURE__ */ jsxs6("tr", { children: [
        /* @__PURE__ */ jsxs6("td", { children: [
          /* @__PURE__ */ jsx13("a", { href: projectPath(item), children: /* @__PURE__ */ jsx13("strong", { children: item.project.name }) }),
          /* @__PURE__ */ jsx13("br", {}),
          /* @__PURE__ */ jsx13("small", { children: `${item.namespace.path}/${item.project.path}` }),
          item.project.description && /* @__PURE__ */ jsxs6(Fragment, { children: [
            /* @__PURE__ */ jsx13("br", {}),
            /* @__PURE__ */ jsx13("small", { children: item.project.description })
          ] })
        ] }),
        /* @__PURE__ */ jsx13("td", { children: /* @__PURE__ */ jsx13("span", { class: "badge", children: item.project.visibility }) }),
        /* @__PURE__ */ jsx13("td", { children: /* @__PURE__ */ jsx13(Timestamp, { at: item.project.last_activity_at }) })
      ] })) })
    ] }) }),
    /* @__PURE__ */ jsx13(Pager, { page: projects, path: "/", label: "Project pages" })
  ] });
}

// src/http/web/pages/new-project.tsx
import { Fragment as Fragment2, jsx as jsx14, jsxs as jsxs7 } from "preact/jsx-runtime";
var VISIBILITIES2 = [
  { value: "private", label: "Private", help: "Only members see the project." },
  { value: "internal", label: "Internal", help: "Every signed-in user sees the project." },
  { value: "public", label: "Public", help: "Anyone sees the project, signed in or not." }
];
function NewProjectPage({ view, values, error }) {
  return /* @__PURE__ */ jsxs7(Layout, { view, title: "New project", children: [
    /* @__PURE__ */ jsx14(Breadcrumb, { items: [{ label: "Projects", href: "/" }, { label: "New project" }] }),
    /* @__PURE__ */ jsx14("h1", { children: "Create a project" }),
    /* @__PURE__ */ jsxs7("form", { method: "post", action: "/projects", children: [
      /* @__PURE__ */ jsx14(CsrfField, { view }),
      /* @__PURE__ */ jsx14(FormError, { message: error }),
      /* @__PURE__ */ jsx14("label", { for: "project-name", children: "Project name" }),
      /* @__PURE__ */ jsx14("input", { id: "project-name", name: "name", type: "text", required: true, maxlength: 255, value: values.name, autocomplete: "off", "aria-invalid": error ? "true" : void 0 }),
      /* @__PURE__ */ jsxs7("label", { for: "project-path", children: [
        "Project slug ",
        /* @__PURE__ */ jsx14("span", { class: "muted", children: "(optional)" })
      ] }),
      /* @__PURE__ */ jsx14(
        "input",
        {
          id: "project-path",
          name: "path",
          type: "text",
          maxlength: 255,
          value: values.path,
          autocomplete: "off",
          pattern: "[A-Za-z0-9_][A-Za-z0-9_.\\-]*",
          "aria-describedby": "project-path-help"
        }
      ),
      /* @__PURE__ */ jsx14("small", { id: "project-path-help", children: "The last part of the project's URL; made from the name when left empty." }),
      /* @__PURE__ */ jsxs7("label", { for: "project-description", children: [
        "Project description ",
        /* @__PURE__ */ jsx14("span", { class: "muted", children: "(optional)" })
      ] }),
      /* @__PURE__ */ jsx14("textarea", { id: "project-description", name: "description", rows: 3, maxlength: 2e3, children: values.description }),
      /* @__PURE__ */ jsxs7("fieldset", { children: [
        /* @__PURE__ */ jsx14("legend", { children: /* @__PURE__ */ jsx14("strong", { children: "Visibility level" }) }),
        VISIBILITIES2.map((option) => /* @__PURE__ */ jsxs7(Fragment2, { children: [
          /* @__PURE__ */ jsxs7("label", { for: `visibility-${option.value}`, children: [
            /* @__PURE__ */ jsx14(
              "input",
              {
                id: `visibility-${option.value}`,
                type: "radio",
                name: "visibility",
                value: option.value,
                checked: values.visibility === option.value,
                "aria-describedby": `visibility-${option.value}-help`
              }
            ),
            option.label
          ] }),
          /* @__PURE__ */ jsx14("small", { id: `visibility-${option.value}-help`, class: "muted", children: option.help })
        ] }))
      ] }),
      /* @__PURE__ */ jsx14("button", { type: "submit", children: "Create project" })
    ] })
  ] });
}

// src/http/web/routes/dashboard.tsx
import { jsx as jsx15 } from "preact/jsx-runtime";
var VISIBILITIES3 = ["private", "internal", "public"];
function dashboardRoutes(deps) {
  return async (app) => {
    app.get("/", async (request, reply) => {
      const { principal } = signedIn(request);
      const projects = await listProjects2(deps, principal, {
        membership: true,
        orderBy: "last_activity_at",
        sort: "desc",
        page: { page: pageNumber(request.query), perPage: 20 }
      });
      return sendPage2(reply, /* @__PURE__ */ jsx15(DashboardPage, { view: viewOf(request), projects, notice: noticeOf(request.query) }));
    });
    app.get("/projects/new", async (request, reply) => {
      const values = { name: "", path: "", description: "", visibility: "private" };
      return sendPage2(reply, /* @__PURE__ */ jsx15(NewProjectPage, { view: viewOf(request), values, error: null }));
    });
    app.post("/projects", async (request, reply) => {
      const { principal } = signedIn(request);
      const body = formBody(request.body);
      const visibility = field(body, "visibility");
      const values = {
        name: field(body, "name"),
        path: field(body, "path").trim(),
        description: field(body, "description"),
        visibility: VISIBILITIES3.includes(visibility) ? visibility : "private"
      };
      const result = await tryForm(
        () => createProject(deps, principal, {
          name: values.name,
          ...values.path !== "" && { path: values.path },
          description: optionalField(body, "description"),
          visibility: values.visibility
        })
      );
      if (!result.ok) {
        return sendPage2(reply, /* @__PURE__ */ jsx15(NewProjectPage, { view: viewOf(request), values, error: formErrorMessage(result.error) }), formErrorStatus(result.error));
      }
      return redirectAfterPost(reply, `${projectPath(result.value)}?notice=project_created`);
    });
  };
}

// src/http/web/components/project-header.tsx
import { Fragment as Fragment3, jsx as jsx16, jsxs as jsxs8 } from "preact/jsx-runtime";
function ProjectHeader({ context, current, trail }) {
  const base2 = projectPath(context);
  const tabs = [
    { tab: "overview", href: base2, label: "Overview" },
    { tab: "members", href: projectMembersPath(context), label: "Members" },
    ...context.facts.level >= AccessLevel.Maintainer ? [{ tab: "access_tokens", href: projectAccessTokensPath(context), label: "Settings \u203A Access Tokens" }] : []
  ];
  return /* @__PURE__ */ jsxs8(Fragment3, { children: [
    /* @__PURE__ */ jsx16(
      Breadcrumb,
      {
        items: [
          { label: "Projects", href: "/" },
          { label: context.namespace.path },
          { label: context.project.name, href: base2 },
          ...trail ? [{ label: trail }] : []
        ]
      }
    ),
    /* @__PURE__ */ jsx16("nav", { class: "tabs", "aria-label": "Project", children: /* @__PURE__ */ jsx16("ul", { children: tabs.map((item) => /* @__PURE__ */ jsx16("li", { children: /* @__PURE__ */ jsx16("a", { href: item.href, "aria-current": item.tab === current ? "page" : void 0, children: item.label }) })) }) })
  ] });
}

// src/http/web/pages/project-members.tsx
import { Fragment as Fragment4, jsx as jsx17, jsxs as jsxs9 } from "preact/jsx-runtime";
function RoleOptions({ levels, selected }) {
  return /* @__PURE__ */ jsx17(Fragment4, { children: levels.map((level) => /* @__PURE__ */ jsx17("option", { value: String(level), selected: level === selected, children: accessLevelName(level) })) });
}
function MemberControls({ view, base: base2, entry, data }) {
  const { user, member } = entry;
  if (user.user_type === "project_bot") {
    return /* @__PURE__ */ jsx17("small", { children: "Managed by its access token" });
  }
  const self = view.user?.id === user.id;
  const mayChange = data.canChange(member.access_level);
  if (!mayChange && !self) return null;
  const levels = data.assignable.includes(member.access_level) ? data.assignable : [...data.assignable, member.access_level].sort((a, b) => a - b);
  return /* @__PURE__ */ jsxs9("div", { class: "row-form", children: [
    mayChange && /* @__PURE__ */ jsxs9("form", { method: "post", action: `${base2}/${user.id}`, class: "row-form", children: [
      /* @__PURE__ */ jsx17(CsrfField, { view }),
      /* @__PURE__ */ jsx17("label", { for: `member-role-${user.id}`, class: "visually-hidden", children: `Role of ${user.username}` }),
      /* @__PURE__ */ jsx17("select", { id: `member-role-${user.id}`, name: "access_level", children: /* @__PURE__ */ jsx17(RoleOptions, { levels, selected: member.access_level }) }),
      /* @__PURE__ */ jsx17("button", { type: "submit", class: "secondary outline", children: "Update" })
    ] }),
    /* @__PURE__ */ jsxs9(
      "form",
      {
        method: "post",
        action: `${base2}/${user.id}/remove`,
        "data-confirm": self ? "Are you sure you want to leave this project?" : `Are you sure you want to remove ${user.name} from this project?`,
        children: [
          /* @__PURE__ */ jsx17(CsrfField, { view }),
          /* @__PURE__ */ jsx17("button", { type: "submit", class: "secondary outline", "aria-label": self ? "Leave project" : `Remove ${user.username}`, children: self ? "Leave" : "Remove" })
        ]
      }
    )
  ] });
}
function ProjectMembersPage({ view, context, data }) {
  const base2 = projectMembersPath(context);
  return /* @__PURE__ */ jsxs9(Layout, { view, title: `Members \xB7 ${context.project.name}`, children: [
    /* @__PURE__ */ jsx17(ProjectHeader, { context, current: "members", trail: "Members" }),
    /* @__PURE__ */ jsxs9("hgroup", { children: [
      /* @__PURE__ */ jsx17("h1", { children: "Project members" }),
      /* @__PURE__ */ jsx17("p", { class: "lead", children: "People and bots with access to this project. A project access token's bot user is listed here; revoke the token to remove it." })
    ] }),
    /* @__PURE__ */ jsx17(Notice, { message: data.notice }),
    data.assignable.length > 0 && /* @__PURE__ */ jsxs9("article", { "aria-labelledby": "add-member-heading", children: [
      /* @__PURE__ */ jsx17("h2", { id: "add-member-heading", children: "Invite a member" }),
      /* @__PURE__ */ jsxs9("form", { method: "post", action: base2, children: [
        /* @__PURE__ */ jsx17(CsrfField, { view }),
        /* @__PURE__ */ jsx17(FormError, { message: data.error }),
        /* @__PURE__ */ jsxs9("div", { class: "grid-2", children: [
          /* @__PURE__ */ jsxs9("div", { children: [
            /* @__PURE__ */ jsx17("label", { for: "member-username", children: "Username" }),
            /* @__PURE__ */ jsx17(
              "input",
              {
                id: "member-username",
                name: "username",
                type: "text",
                required: true,
                autocomplete: "off",
                value: data.addValues.username,
                "aria-invalid": data.error ? "true" : void 0
              }
            )
          ] }),
          /* @__PURE__ */ jsxs9("div", { children: [
            /* @__PURE__ */ jsx17("label", { for: "member-access-level", children: "Select a role" }),
            /* @__PURE__ */ jsx17("select", { id: "member-access-level", name: "access_level", children: /* @__PURE__ */ jsx17(RoleOptions, { levels: data.assignable, selected: data.addValues.accessLevel }) })
          ] })
        ] }),
        /* @__PURE__ */ jsx17("button", { type: "submit", children: "Invite" })
      ] })
    ] }),
    data.assignable.length === 0 && /* @__PURE__ */ jsx17(FormError, { message: data.error }),
    /* @__PURE__ */ jsxs9("section", { "aria-labelledby": "members-heading", children: [
      /* @__PURE__ */ jsx17("h2", { id: "members-heading", children: `Members (${data.members.total})` }),
      /* @__PURE__ */ jsx17("div", { class: "overflow-auto", children: /* @__PURE__ */ jsxs9("table", { class: "striped", id: "members", children: [
        /* @__PURE__ */ jsx17("thead", { children: /* @__PURE__ */ jsxs9("tr", { children: [
          /* @__PURE__ */ jsx17("th", { scope: "col", children: "Account" }),
          /* @__PURE__ */ jsx17("th", { scope: "col", children: "Role" }),
          /* @__PURE__ */ jsx17("th", { scope: "col", children: "Member since" }),
          /* @__PURE__ */ jsx17("th", { scope: "col", children: "Expires" }),
          /* @__PURE__ */ jsx17("th", { scope: "col", children: /* @__PURE__ */ jsx17("span", { class: "muted", children: "Actions" }) })
        ] }) }),
        /* @__PURE__ */ jsx17("tbody", { children: data.members.items.map((entry) => /* @__PURE__ */ jsxs9("tr", { "data-username": entry.user.username, children: [
          /* @__PURE__ */ jsxs9("td", { children: [
            /* @__PURE__ */ jsx17("strong", { children: entry.user.name }),
            " ",
            entry.user.user_type === "project_bot" && /* @__PURE__ */ jsx17("span", { class: "badge bot", children: "Bot" }),
            view.user?.id === entry.user.id && /* @__PURE__ */ jsx17("span", { class: "badge", children: "It's you" }),
            /* @__PURE__ */ jsx17("br", {}),
            /* @__PURE__ */ jsx17("small", { children: `@${entry.user.username}` })
          ] }),
          /* @__PURE__ */ jsx17("td", { children: accessLevelName(entry.member.access_level) }),
          /* @__PURE__ */ jsx17("td", { children: /* @__PURE__ */ jsx17(Timestamp, { at: entry.member.created_at, dateOnly: true }) }),
          /* @__PURE__ */ jsx17("td", { children: /* @__PURE__ */ jsx17(DateOnly, { date: entry.member.expires_at }) }),
          /* @__PURE__ */ jsx17("td", { children: /* @__PURE__ */ jsx17(MemberControls, { view, base: base2, entry, data }) })
        ] })) })
      ] }) }),
      /* @__PURE__ */ jsx17(Pager, { page: data.members, path: base2, label: "Member pages" })
    ] })
  ] });
}

// src/http/web/routes/project-members.tsx
import { jsx as jsx18 } from "preact/jsx-runtime";
function postedLevel(value) {
  const level = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!isAccessLevel(level)) throw invalidParam("access_level does not have a valid value");
  return level;
}
function memberRoutes2(deps) {
  async function render(request, reply, context, outcome) {
    const { principal } = signedIn(request);
    const members = await listProjectMembers(deps, principal, {
      project: context.project.id,
      page: { page: pageNumber(request.query), perPage: 50 }
    });
    const assignable = ACCESS_LEVELS.filter((level) => canAssignLevel(context.facts, level));
    const data = {
      members,
      assignable,
      canChange: (level) => canChangeMember(context.facts, level),
      addValues: outcome.addValues ?? { username: "", accessLevel: AccessLevel.Developer },
      error: outcome.error ?? null,
      notice: noticeOf(request.query)
    };
    return sendPage2(reply, /* @__PURE__ */ jsx18(ProjectMembersPage, { view: viewOf(request), context, data }), outcome.status ?? 200);
  }
  const contextOf = (request) => findVisibleProject(deps, signedIn(request).principal, projectRefOf(request.params));
  return async (app) => {
    const path9 = "/:namespace/:project/-/project_members";
    app.get(path9, async (request, reply) => render(request, reply, await contextOf(request), {}));
    app.post(path9, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const body = formBody(request.body);
      const username = field(body, "username").trim().replace(/^@/, "");
      const levelText = field(body, "access_level");
      const addValues = { username, accessLevel: /^\d+$/.test(levelText) ? Number(levelText) : AccessLevel.Developer };
      const result = await tryForm(async () => {
        const accessLevel = postedLevel(levelText);
        const [user] = username === "" ? [] : (await listUsers2(deps, principal, { filter: { username }, page: { page: 1, perPage: 1 } })).items;
        if (!user) throw notFound("User");
        return addProjectMember(deps, principal, { project: context.project.id, userId: user.id, accessLevel, expiresAt: null });
      });
      if (!result.ok) return render(request, reply, context, { addValues, error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${projectMembersPath(context)}?notice=member_added`);
    });
    app.post(`${path9}/:user_id`, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const userId = idOf(request.params, "user_id");
      if (userId === null) throw notFound("Member");
      const body = formBody(request.body);
      const result = await tryForm(async () => {
        const accessLevel = postedLevel(field(body, "access_level"));
        return updateProjectMember(deps, principal, { project: context.project.id, userId, accessLevel });
      });
      if (!result.ok) return render(request, reply, context, { error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${projectMembersPath(context)}?notice=member_updated`);
    });
    app.post(`${path9}/:user_id/remove`, async (request, reply) => {
      const { principal, user } = signedIn(request);
      const context = await contextOf(request);
      const userId = idOf(request.params, "user_id");
      if (userId === null) throw notFound("Member");
      const result = await tryForm(() => removeProjectMember(deps, principal, { project: context.project.id, userId }));
      if (!result.ok) return render(request, reply, context, { error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      if (userId === user.id) return redirectAfterPost(reply, "/?notice=left_project");
      return redirectAfterPost(reply, `${projectMembersPath(context)}?notice=member_removed`);
    });
  };
}

// src/http/web/components/copy-field.tsx
import { jsx as jsx19, jsxs as jsxs10 } from "preact/jsx-runtime";
function CopyField({ id, label, value }) {
  return /* @__PURE__ */ jsxs10("div", { class: "copy-field", children: [
    /* @__PURE__ */ jsx19("label", { for: id, children: label }),
    /* @__PURE__ */ jsxs10("div", { role: "group", children: [
      /* @__PURE__ */ jsx19("input", { id, type: "text", readonly: true, value, autocomplete: "off" }),
      /* @__PURE__ */ jsx19("button", { type: "button", class: "secondary", "data-copy-target": id, "aria-label": `Copy ${label.toLowerCase()}`, hidden: true, children: "Copy" })
    ] }),
    /* @__PURE__ */ jsx19("span", { class: "copy-status", role: "status", "aria-live": "polite" })
  ] });
}

// src/http/web/components/new-token.tsx
import { jsx as jsx20, jsxs as jsxs11 } from "preact/jsx-runtime";
var SAVE_IT_WARNING = "Make sure you save it - you won't be able to access it again.";
function NewToken({ noun, token }) {
  return /* @__PURE__ */ jsxs11("article", { class: "new-token", children: [
    /* @__PURE__ */ jsxs11("h2", { id: "new-token-heading", children: [
      "Your new ",
      noun
    ] }),
    /* @__PURE__ */ jsx20(CopyField, { id: "new-token-value", label: `Your new ${noun}`, value: token }),
    /* @__PURE__ */ jsx20("p", { class: "warning", role: "alert", children: SAVE_IT_WARNING })
  ] });
}

// src/http/web/components/token-form.tsx
import { Fragment as Fragment5, jsx as jsx21, jsxs as jsxs12 } from "preact/jsx-runtime";
function TokenForm({ view, options, values, error }) {
  const expiryHelp = options.expiryRequired ? "The token stops working at 00:00 UTC on this date." : options.maxDate !== null ? `The token stops working at 00:00 UTC on this date. Left empty, it lasts as long as allowed (until ${options.maxDate}).` : "The token stops working at 00:00 UTC on this date. Leave it empty for a token that does not expire.";
  return /* @__PURE__ */ jsxs12("article", { "aria-labelledby": "add-token-heading", children: [
    /* @__PURE__ */ jsxs12("h2", { id: "add-token-heading", children: [
      "Add a ",
      options.noun
    ] }),
    /* @__PURE__ */ jsxs12("form", { method: "post", action: options.action, children: [
      /* @__PURE__ */ jsx21(CsrfField, { view }),
      /* @__PURE__ */ jsx21(FormError, { message: error }),
      /* @__PURE__ */ jsx21("label", { for: "token-name", children: "Token name" }),
      /* @__PURE__ */ jsx21(
        "input",
        {
          id: "token-name",
          name: "name",
          type: "text",
          required: true,
          maxlength: 255,
          value: values.name,
          "aria-invalid": error ? "true" : void 0,
          "aria-describedby": error ? "form-error" : void 0,
          autocomplete: "off"
        }
      ),
      /* @__PURE__ */ jsxs12("label", { for: "token-description", children: [
        "Token description ",
        /* @__PURE__ */ jsx21("span", { class: "muted", children: "(optional)" })
      ] }),
      /* @__PURE__ */ jsx21("textarea", { id: "token-description", name: "description", maxlength: 255, rows: 2, children: values.description }),
      /* @__PURE__ */ jsxs12("div", { class: "grid-2", children: [
        /* @__PURE__ */ jsxs12("div", { children: [
          /* @__PURE__ */ jsx21("label", { for: "token-expires-at", children: "Expiration date" }),
          /* @__PURE__ */ jsx21(
            "input",
            {
              id: "token-expires-at",
              name: "expires_at",
              type: "date",
              value: values.expiresAt,
              min: options.minDate,
              max: options.maxDate ?? void 0,
              required: options.expiryRequired,
              "aria-describedby": "token-expires-at-help"
            }
          ),
          /* @__PURE__ */ jsx21("small", { id: "token-expires-at-help", children: expiryHelp })
        ] }),
        options.roles && /* @__PURE__ */ jsxs12("div", { children: [
          /* @__PURE__ */ jsx21("label", { for: "token-access-level", children: "Select a role" }),
          /* @__PURE__ */ jsx21("select", { id: "token-access-level", name: "access_level", "aria-describedby": "token-access-level-help", children: options.roles.map((level) => /* @__PURE__ */ jsx21("option", { value: String(level), selected: level === values.accessLevel, children: accessLevelName(level) })) }),
          /* @__PURE__ */ jsx21("small", { id: "token-access-level-help", children: "The token's bot user gets this role in the project; never more than your own." })
        ] })
      ] }),
      /* @__PURE__ */ jsxs12("fieldset", { class: "scopes", children: [
        /* @__PURE__ */ jsx21("legend", { children: /* @__PURE__ */ jsx21("strong", { children: "Select scopes" }) }),
        /* @__PURE__ */ jsx21("p", { class: "muted", children: "Scopes set the permission levels granted to the token." }),
        Object.entries(options.scopes).map(([scope, description]) => /* @__PURE__ */ jsxs12(Fragment5, { children: [
          /* @__PURE__ */ jsxs12("label", { for: `scope-${scope}`, children: [
            /* @__PURE__ */ jsx21(
              "input",
              {
                id: `scope-${scope}`,
                type: "checkbox",
                name: "scopes",
                value: scope,
                checked: values.scopes.includes(scope),
                "aria-describedby": `scope-${scope}-help`
              }
            ),
            scope
          ] }),
          /* @__PURE__ */ jsx21("small", { id: `scope-${scope}-help`, children: description })
        ] }))
      ] }),
      /* @__PURE__ */ jsxs12("button", { type: "submit", children: [
        "Create ",
        options.noun
      ] })
    ] })
  ] });
}

// src/http/web/components/token-tables.tsx
import { Fragment as Fragment6, jsx as jsx22, jsxs as jsxs13 } from "preact/jsx-runtime";
function Scopes({ token }) {
  return /* @__PURE__ */ jsx22("span", { class: "scope-list", children: parseScopes(token.scopes).map((scope) => /* @__PURE__ */ jsx22("code", { children: scope })) });
}
function TokenName({ token }) {
  return /* @__PURE__ */ jsxs13(Fragment6, { children: [
    /* @__PURE__ */ jsx22("strong", { children: token.name }),
    token.description && /* @__PURE__ */ jsxs13(Fragment6, { children: [
      /* @__PURE__ */ jsx22("br", {}),
      /* @__PURE__ */ jsx22("small", { children: token.description })
    ] })
  ] });
}
function More({ page }) {
  const hidden = page.total - page.items.length;
  return hidden > 0 ? /* @__PURE__ */ jsx22("p", { class: "muted", children: `\u2026and ${hidden} more, not shown here (the API lists them all).` }) : null;
}
function ActiveTokens({
  view,
  noun,
  tokens,
  revokePath,
  showRole
}) {
  const heading = `Active ${noun}s (${tokens.total})`;
  return /* @__PURE__ */ jsxs13("section", { "aria-labelledby": "active-tokens-heading", children: [
    /* @__PURE__ */ jsx22("h2", { id: "active-tokens-heading", children: heading }),
    tokens.items.length === 0 ? /* @__PURE__ */ jsxs13("p", { class: "empty", children: [
      "No active ",
      noun,
      "s."
    ] }) : /* @__PURE__ */ jsx22("div", { class: "overflow-auto", children: /* @__PURE__ */ jsxs13("table", { class: "striped", id: "active-tokens", children: [
      /* @__PURE__ */ jsx22("thead", { children: /* @__PURE__ */ jsxs13("tr", { children: [
        /* @__PURE__ */ jsx22("th", { scope: "col", children: "Token name" }),
        /* @__PURE__ */ jsx22("th", { scope: "col", children: "Scopes" }),
        showRole && /* @__PURE__ */ jsx22("th", { scope: "col", children: "Role" }),
        /* @__PURE__ */ jsx22("th", { scope: "col", children: "Created" }),
        /* @__PURE__ */ jsx22("th", { scope: "col", children: "Last used" }),
        /* @__PURE__ */ jsx22("th", { scope: "col", children: "Expires" }),
        /* @__PURE__ */ jsx22("th", { scope: "col", children: /* @__PURE__ */ jsx22("span", { class: "muted", children: "Action" }) })
      ] }) }),
      /* @__PURE__ */ jsx22("tbody", { children: tokens.items.map((token) => /* @__PURE__ */ jsxs13("tr", { "data-token-id": String(token.id), children: [
        /* @__PURE__ */ jsx22("td", { children: /* @__PURE__ */ jsx22(TokenName, { token }) }),
        /* @__PURE__ */ jsx22("td", { children: /* @__PURE__ */ jsx22(Scopes, { token }) }),
        showRole && /* @__PURE__ */ jsx22("td", { children: accessLevelName(token.access_level ?? 0) }),
        /* @__PURE__ */ jsx22("td", { children: /* @__PURE__ */ jsx22(Timestamp, { at: token.created_at, dateOnly: true }) }),
        /* @__PURE__ */ jsx22("td", { children: /* @__PURE__ */ jsx22(Timestamp, { at: token.last_used_at, dateOnly: true }) }),
        /* @__PURE__ */ jsx22("td", { children: /* @__PURE__ */ jsx22(DateOnly, { date: token.expires_at }) }),
        /* @__PURE__ */ jsx22("td", { children: /* @__PURE__ */ jsxs13(
          "form",
          {
            method: "post",
            action: revokePath(token),
            "data-confirm": `Are you sure you want to revoke the ${noun} "${token.name}"? This action cannot be undone. Any tools that rely on this access token will stop working.`,
            children: [
              /* @__PURE__ */ jsx22(CsrfField, { view }),
              /* @__PURE__ */ jsx22("button", { type: "submit", class: "secondary outline", "aria-label": `Revoke ${token.name}`, children: "Revoke" })
            ]
          }
        ) })
      ] })) })
    ] }) }),
    /* @__PURE__ */ jsx22(More, { page: tokens })
  ] });
}
function InactiveTokens({ noun, tokens, today }) {
  const heading = `Inactive ${noun}s (${tokens.total})`;
  return /* @__PURE__ */ jsxs13("section", { "aria-labelledby": "inactive-tokens-heading", children: [
    /* @__PURE__ */ jsx22("h2", { id: "inactive-tokens-heading", children: heading }),
    tokens.items.length === 0 ? /* @__PURE__ */ jsxs13("p", { class: "empty", children: [
      "No revoked or expired ",
      noun,
      "s."
    ] }) : /* @__PURE__ */ jsx22("div", { class: "overflow-auto", children: /* @__PURE__ */ jsxs13("table", { id: "inactive-tokens", children: [
      /* @__PURE__ */ jsx22("thead", { children: /* @__PURE__ */ jsxs13("tr", { children: [
        /* @__PURE__ */ jsx22("th", { scope: "col", children: "Token name" }),
        /* @__PURE__ */ jsx22("th", { scope: "col", children: "Scopes" }),
        /* @__PURE__ */ jsx22("th", { scope: "col", children: "Created" }),
        /* @__PURE__ */ jsx22("th", { scope: "col", children: "Last used" }),
        /* @__PURE__ */ jsx22("th", { scope: "col", children: "State" })
      ] }) }),
      /* @__PURE__ */ jsx22("tbody", { children: tokens.items.map((token) => /* @__PURE__ */ jsxs13("tr", { "data-token-id": String(token.id), children: [
        /* @__PURE__ */ jsx22("td", { children: /* @__PURE__ */ jsx22(TokenName, { token }) }),
        /* @__PURE__ */ jsx22("td", { children: /* @__PURE__ */ jsx22(Scopes, { token }) }),
        /* @__PURE__ */ jsx22("td", { children: /* @__PURE__ */ jsx22(Timestamp, { at: token.created_at, dateOnly: true }) }),
        /* @__PURE__ */ jsx22("td", { children: /* @__PURE__ */ jsx22(Timestamp, { at: token.last_used_at, dateOnly: true }) }),
        /* @__PURE__ */ jsx22("td", { children: token.revoked ? /* @__PURE__ */ jsx22("span", { class: "badge", children: "Revoked" }) : /* @__PURE__ */ jsxs13(Fragment6, { children: [
          /* @__PURE__ */ jsx22("span", { class: "badge", children: "Expired" }),
          " ",
          /* @__PURE__ */ jsx22(DateOnly, { date: token.expires_at ?? today })
        ] }) })
      ] })) })
    ] }) }),
    /* @__PURE__ */ jsx22(More, { page: tokens })
  ] });
}

// src/http/web/pages/personal-access-tokens.tsx
import { jsx as jsx23, jsxs as jsxs14 } from "preact/jsx-runtime";
var NOUN = "personal access token";
function PersonalAccessTokensPage({ view, data }) {
  return /* @__PURE__ */ jsxs14(Layout, { view, title: "Personal access tokens", children: [
    /* @__PURE__ */ jsx23(Breadcrumb, { items: [{ label: "User settings" }, { label: "Personal access tokens" }] }),
    /* @__PURE__ */ jsxs14("hgroup", { children: [
      /* @__PURE__ */ jsx23("h1", { children: "Personal access tokens" }),
      /* @__PURE__ */ jsx23("p", { class: "lead", children: "You can generate a personal access token for each application you use that needs access to the Latchkey API. It acts as you, on every project you can reach." })
    ] }),
    /* @__PURE__ */ jsx23(Notice, { message: data.notice }),
    /* @__PURE__ */ jsx23(FormError, { message: data.alert, id: "page-error" }),
    data.newToken && /* @__PURE__ */ jsx23(NewToken, { noun: NOUN, token: data.newToken }),
    /* @__PURE__ */ jsx23(ActiveTokens, { view, noun: NOUN, tokens: data.active, revokePath: (token) => `${PERSONAL_TOKENS_PATH}/${token.id}/revoke`, showRole: false }),
    /* @__PURE__ */ jsx23(TokenForm, { view, options: data.form, values: data.values, error: data.error }),
    /* @__PURE__ */ jsx23(InactiveTokens, { noun: NOUN, tokens: data.inactive, today: data.today })
  ] });
}

// src/http/web/scope-descriptions.ts
var PROJECT_SCOPE_DESCRIPTIONS = {
  api: "Grants complete read and write access to the scoped project API, including the Package Registry.",
  read_api: "Grants read access to the scoped project API, including the Package Registry.",
  read_repository: "Allows read-only access (pull) to the repository.",
  write_repository: "Allows read and write access (pull and push) to the repository.",
  read_registry: "Allows read-only access (pull) to container registry images if a project is private and authorization is required.",
  write_registry: "Allows read and write access (push) to the container registry.",
  self_rotate: "Grants permission for the token to rotate itself, and nothing else."
};
var PERSONAL_SCOPE_DESCRIPTIONS = {
  api: "Grants complete read and write access to the API, including all your projects, the container registry and the Package Registry.",
  read_api: "Grants read access to the API, including all your projects, the container registry and the Package Registry.",
  read_user: "Grants read-only access to your profile through the /user API endpoint, and to read-only API endpoints under /users.",
  read_repository: "Allows read-only access (pull) to the repositories of your projects.",
  write_repository: "Allows read and write access (pull and push) to the repositories of your projects.",
  read_registry: "Allows read-only access (pull) to container registry images of private projects.",
  write_registry: "Allows read and write access (push) to the container registry.",
  self_rotate: "Grants permission for the token to rotate itself, and nothing else."
};

// src/http/web/token-form-options.ts
var DEFAULT_LIFETIME_DAYS = 30;
function tokenDates(deps) {
  const today = utcDate(deps.clock.now());
  const maxDate = deps.config.maxTokenLifetimeDays === null ? null : addDays(today, deps.config.maxTokenLifetimeDays);
  const wanted = addDays(today, DEFAULT_LIFETIME_DAYS);
  return { today, minDate: addDays(today, 1), maxDate, defaultDate: maxDate !== null && maxDate < wanted ? maxDate : wanted };
}
function tokenFormOptions(deps, options) {
  const { minDate, maxDate } = tokenDates(deps);
  return { ...options, minDate, maxDate, expiryRequired: deps.config.requireTokenExpiry && maxDate === null };
}
function defaultTokenValues(deps, accessLevel) {
  return { name: "", description: "", expiresAt: tokenDates(deps).defaultDate, accessLevel, scopes: [] };
}
function postedTokenValues(body) {
  const level = field(body, "access_level");
  return {
    name: field(body, "name"),
    description: field(body, "description"),
    expiresAt: field(body, "expires_at").trim(),
    accessLevel: /^\d{1,3}$/.test(level) ? Number(level) : null,
    scopes: fields(body, "scopes")
  };
}

// src/http/web/routes/personal-access-tokens.tsx
import { jsx as jsx24 } from "preact/jsx-runtime";
function personalTokenRoutes(deps) {
  async function render(request, reply, outcome) {
    const { principal, user } = signedIn(request);
    const page = { page: 1, perPage: 100 };
    const active = await listPersonalAccessTokens(deps, principal, { userId: user.id, filter: { state: "active" }, sort: "created_desc", page });
    const inactive = await listPersonalAccessTokens(deps, principal, { userId: user.id, filter: { state: "inactive" }, sort: "created_desc", page });
    const data = {
      active,
      inactive,
      today: tokenDates(deps).today,
      form: tokenFormOptions(deps, { action: PERSONAL_TOKENS_PATH, noun: "personal access token", scopes: PERSONAL_SCOPE_DESCRIPTIONS, roles: null }),
      values: outcome.values ?? defaultTokenValues(deps, null),
      error: outcome.error ?? null,
      alert: outcome.alert ?? null,
      newToken: outcome.newToken ?? null,
      notice: noticeOf(request.query)
    };
    return sendPage2(reply, /* @__PURE__ */ jsx24(PersonalAccessTokensPage, { view: viewOf(request), data }), outcome.status ?? 200);
  }
  return async (app) => {
    app.get(PERSONAL_TOKENS_PATH, async (request, reply) => render(request, reply, {}));
    app.post(PERSONAL_TOKENS_PATH, async (request, reply) => {
      const { principal, user } = signedIn(request);
      const values = postedTokenValues(formBody(request.body));
      const result = await tryForm(async () => {
        if (values.scopes.length === 0) throw invalidParam("Select at least one scope.");
        const scopes = values.scopes.filter(isScope);
        if (scopes.length !== values.scopes.length) throw invalidParam("scopes does not have a valid value");
        return createPersonalAccessToken(deps, principal, {
          userId: user.id,
          name: values.name,
          description: values.description.trim() === "" ? null : values.description,
          scopes,
          expiresAt: values.expiresAt === "" ? null : values.expiresAt
        });
      });
      if (!result.ok) return render(request, reply, { values, error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      request.log.info({ tokenId: result.value.token.id }, "personal access token created in the web UI");
      return render(request, reply, { newToken: result.value.plain });
    });
    app.post(`${PERSONAL_TOKENS_PATH}/:token_id/revoke`, async (request, reply) => {
      const { principal } = signedIn(request);
      const tokenId = idOf(request.params, "token_id");
      if (tokenId === null) throw notFound("Token");
      const result = await tryForm(() => revokePersonalAccessToken(deps, principal, { tokenId, ip: clientIp(request) }));
      if (!result.ok) return render(request, reply, { alert: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${PERSONAL_TOKENS_PATH}?notice=token_revoked`);
    });
  };
}

// src/http/web/pages/project-access-tokens.tsx
import { jsx as jsx25, jsxs as jsxs15 } from "preact/jsx-runtime";
var NOUN2 = "project access token";
function ProjectAccessTokensPage({ view, context, data }) {
  const base2 = projectAccessTokensPath(context);
  return /* @__PURE__ */ jsxs15(Layout, { view, title: `Access Tokens \xB7 ${context.project.name}`, children: [
    /* @__PURE__ */ jsx25(ProjectHeader, { context, current: "access_tokens", trail: "Access Tokens" }),
    /* @__PURE__ */ jsxs15("hgroup", { children: [
      /* @__PURE__ */ jsx25("h1", { children: "Project access tokens" }),
      /* @__PURE__ */ jsx25("p", { class: "lead", children: "Generate project access tokens scoped to this project for your applications that need access to the API. You can also use project access tokens with Git to authenticate over HTTP(S). Each token gets its own bot user, a member of this project only." })
    ] }),
    /* @__PURE__ */ jsx25(Notice, { message: data.notice }),
    /* @__PURE__ */ jsx25(FormError, { message: data.alert, id: "page-error" }),
    data.newToken && /* @__PURE__ */ jsx25(NewToken, { noun: NOUN2, token: data.newToken }),
    /* @__PURE__ */ jsx25(ActiveTokens, { view, noun: NOUN2, tokens: data.active, revokePath: (token) => `${base2}/${token.id}/revoke`, showRole: true }),
    /* @__PURE__ */ jsx25(TokenForm, { view, options: data.form, values: data.values, error: data.error }),
    /* @__PURE__ */ jsx25(InactiveTokens, { noun: NOUN2, tokens: data.inactive, today: data.today })
  ] });
}

// src/http/web/routes/project-access-tokens.tsx
import { jsx as jsx26 } from "preact/jsx-runtime";
function projectTokenRoutes(deps) {
  const rolesFor = (context) => ACCESS_LEVELS.filter((level) => level <= context.facts.level);
  async function render(request, reply, context, outcome) {
    const { principal } = signedIn(request);
    const page = { page: 1, perPage: 100 };
    const project = context.project.id;
    const active = await listProjectAccessTokens(deps, principal, { project, filter: { state: "active" }, sort: "created_desc", page });
    const inactive = await listProjectAccessTokens(deps, principal, { project, filter: { state: "inactive" }, sort: "created_desc", page });
    const roles = rolesFor(context);
    const defaultLevel = roles.includes(AccessLevel.Maintainer) ? AccessLevel.Maintainer : roles.at(-1) ?? null;
    const data = {
      active,
      inactive,
      today: tokenDates(deps).today,
      form: tokenFormOptions(deps, {
        action: projectAccessTokensPath(context),
        noun: "project access token",
        scopes: PROJECT_SCOPE_DESCRIPTIONS,
        roles
      }),
      values: outcome.values ?? defaultTokenValues(deps, defaultLevel),
      error: outcome.error ?? null,
      alert: outcome.alert ?? null,
      newToken: outcome.newToken ?? null,
      notice: noticeOf(request.query)
    };
    return sendPage2(reply, /* @__PURE__ */ jsx26(ProjectAccessTokensPage, { view: viewOf(request), context, data }), outcome.status ?? 200);
  }
  const contextOf = (request) => findVisibleProject(deps, signedIn(request).principal, projectRefOf(request.params));
  return async (app) => {
    const path9 = "/:namespace/:project/-/settings/access_tokens";
    app.get(path9, async (request, reply) => render(request, reply, await contextOf(request), {}));
    app.post(path9, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const values = postedTokenValues(formBody(request.body));
      const result = await tryForm(async () => {
        if (values.scopes.length === 0) throw invalidParam("Select at least one scope.");
        const level = values.accessLevel ?? AccessLevel.Maintainer;
        if (!isAccessLevel(level)) throw invalidParam("access_level does not have a valid value");
        return createProjectAccessToken(deps, principal, {
          project: context.project.id,
          name: values.name,
          description: values.description.trim() === "" ? null : values.description,
          scopes: values.scopes,
          expiresAt: values.expiresAt === "" ? null : values.expiresAt,
          accessLevel: level,
          ip: clientIp(request)
        });
      });
      if (!result.ok) {
        return render(request, reply, context, { values, error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      }
      request.log.info({ projectId: context.project.id, tokenId: result.value.token.id }, "project access token created in the web UI");
      return render(request, reply, context, { newToken: result.value.plain });
    });
    app.post(`${path9}/:token_id/revoke`, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const tokenId = idOf(request.params, "token_id");
      if (tokenId === null) throw notFound("Token");
      const result = await tryForm(() => revokeProjectAccessToken(deps, principal, { project: context.project.id, tokenId, ip: clientIp(request) }));
      if (!result.ok) {
        return render(request, reply, context, { alert: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      }
      return redirectAfterPost(reply, `${projectAccessTokensPath(context)}?notice=token_revoked`);
    });
  };
}

// src/http/web/pages/project.tsx
import { Fragment as Fragment7, jsx as jsx27, jsxs as jsxs16 } from "preact/jsx-runtime";
function ProjectPage({ view, context, urls, notice }) {
  const { project, namespace, facts } = context;
  return /* @__PURE__ */ jsxs16(Layout, { view, title: project.name, children: [
    /* @__PURE__ */ jsx27(ProjectHeader, { context, current: "overview" }),
    /* @__PURE__ */ jsx27(Notice, { message: notice }),
    /* @__PURE__ */ jsx27("div", { class: "page-head", children: /* @__PURE__ */ jsxs16("hgroup", { children: [
      /* @__PURE__ */ jsx27("h1", { children: project.name }),
      /* @__PURE__ */ jsxs16("p", { class: "lead", children: [
        `${namespace.path}/${project.path}`,
        " ",
        /* @__PURE__ */ jsx27("span", { class: "badge", children: project.visibility }),
        facts.level > 0 && /* @__PURE__ */ jsxs16(Fragment7, { children: [
          " ",
          /* @__PURE__ */ jsx27("span", { class: "badge", children: `Your role: ${accessLevelName(facts.level)}` })
        ] })
      ] })
    ] }) }),
    project.description && /* @__PURE__ */ jsx27("p", { children: project.description }),
    /* @__PURE__ */ jsxs16("article", { "aria-labelledby": "clone-heading", children: [
      /* @__PURE__ */ jsx27("h2", { id: "clone-heading", children: "Clone" }),
      /* @__PURE__ */ jsx27(CopyField, { id: "clone-http", label: "Clone with HTTP", value: urls.httpUrl }),
      /* @__PURE__ */ jsx27(CopyField, { id: "clone-ssh", label: "Clone with SSH", value: urls.sshUrl }),
      urls.registryImagePrefix && /* @__PURE__ */ jsx27(CopyField, { id: "registry-path", label: "Container registry", value: urls.registryImagePrefix }),
      /* @__PURE__ */ jsxs16("small", { class: "muted", children: [
        "Default branch ",
        /* @__PURE__ */ jsx27("code", { children: project.default_branch }),
        ". A project access token works as the password over HTTP."
      ] })
    ] }),
    /* @__PURE__ */ jsxs16("dl", { class: "facts", children: [
      /* @__PURE__ */ jsx27("dt", { children: "Created" }),
      /* @__PURE__ */ jsx27("dd", { children: /* @__PURE__ */ jsx27(Timestamp, { at: project.created_at }) }),
      /* @__PURE__ */ jsx27("dt", { children: "Last activity" }),
      /* @__PURE__ */ jsx27("dd", { children: /* @__PURE__ */ jsx27(Timestamp, { at: project.last_activity_at }) })
    ] })
  ] });
}

// src/http/web/routes/project.tsx
import { jsx as jsx28 } from "preact/jsx-runtime";
function projectRoutes2(deps) {
  return async (app) => {
    app.get("/:namespace/:project", { config: { auth: "optional" } }, async (request, reply) => {
      const context = await findVisibleProject(deps, principalOf(request), projectRefOf(request.params));
      const entity = presentProject(deps.config, context);
      const prefix = entity.container_registry_image_prefix;
      const urls = {
        httpUrl: String(entity.http_url_to_repo),
        sshUrl: String(entity.ssh_url_to_repo),
        registryImagePrefix: typeof prefix === "string" && prefix !== "" ? prefix : null
      };
      return sendPage2(reply, /* @__PURE__ */ jsx28(ProjectPage, { view: viewOf(request), context, urls, notice: noticeOf(request.query) }));
    });
  };
}

// src/services/create-session.ts
async function createSession(deps, actor, input) {
  if (actor.kind !== "user" || actor.via !== "password" || actor.user.userType !== "human") {
    throw new AppError("unauthorized", "Invalid login or password");
  }
  const now = deps.clock.now();
  const session = {
    sessionId: generateSessionSecret(),
    csrfToken: generateSessionSecret(),
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString()
  };
  await deps.db.transaction().execute(async (trx) => {
    if (input.replacing !== null && hasSessionSecretShape(input.replacing)) {
      await deleteSession(trx, sessionDigest(deps.secret, input.replacing));
    }
    await deleteExpiredSessions(trx, now.toISOString());
    await insertSession(trx, {
      id_digest: sessionDigest(deps.secret, session.sessionId),
      user_id: actor.user.id,
      csrf_token: session.csrfToken,
      created_at: now.toISOString(),
      expires_at: session.expiresAt
    });
  });
  return session;
}

// src/services/end-session.ts
async function endSession(deps, _actor, input) {
  if (input.sessionId === void 0 || !hasSessionSecretShape(input.sessionId)) return;
  await deleteSession(deps.db, sessionDigest(deps.secret, input.sessionId));
}

// src/http/web/pages/sign-in.tsx
import { jsx as jsx29, jsxs as jsxs17 } from "preact/jsx-runtime";
function SignInPage(props) {
  const { view, csrfToken, login, redirectTo, error, notice } = props;
  return /* @__PURE__ */ jsx29(Layout, { view, title: "Sign in", children: /* @__PURE__ */ jsxs17("article", { class: "sign-in", "aria-labelledby": "sign-in-heading", children: [
    /* @__PURE__ */ jsx29("h1", { id: "sign-in-heading", children: "Sign in to Latchkey" }),
    /* @__PURE__ */ jsx29(Notice, { message: notice }),
    /* @__PURE__ */ jsxs17("form", { method: "post", action: SIGN_IN_PATH, children: [
      /* @__PURE__ */ jsx29(CsrfField, { token: csrfToken }),
      redirectTo !== "/" && /* @__PURE__ */ jsx29("input", { type: "hidden", name: "redirect_to", value: redirectTo }),
      /* @__PURE__ */ jsx29(FormError, { message: error }),
      /* @__PURE__ */ jsx29("label", { for: "user-login", children: "Username or primary email" }),
      /* @__PURE__ */ jsx29(
        "input",
        {
          id: "user-login",
          name: "login",
          type: "text",
          required: true,
          autocomplete: "username",
          autofocus: true,
          value: login,
          "aria-invalid": error ? "true" : void 0
        }
      ),
      /* @__PURE__ */ jsx29("label", { for: "user-password", children: "Password" }),
      /* @__PURE__ */ jsx29("input", { id: "user-password", name: "password", type: "password", required: true, autocomplete: "current-password", "aria-invalid": error ? "true" : void 0 }),
      /* @__PURE__ */ jsx29("button", { type: "submit", children: "Sign in" })
    ] })
  ] }) });
}

// src/http/web/routes/session.tsx
import { jsx as jsx30 } from "preact/jsx-runtime";
var INVALID = "Invalid login or password.";
var BANNED = "Too many failed sign-in attempts from your address. Try again later.";
function sessionRoutes(deps) {
  return async (app) => {
    app.get("/users/sign_in", { config: { auth: "none" } }, async (request, reply) => {
      const query = request.query;
      const redirectTo = safeRedirect(typeof query.redirect_to === "string" ? query.redirect_to : void 0);
      if (request.web.session) return reply.redirect(redirectTo, 303);
      const csrfToken = preSessionToken(request, reply, deps.config);
      const notice = query.signed_out !== void 0 ? "You have been signed out." : null;
      return sendPage2(reply, /* @__PURE__ */ jsx30(SignInPage, { view: viewOf(request), csrfToken, login: "", redirectTo, error: null, notice }));
    });
    app.post("/users/sign_in", { config: { auth: "none", csrf: "pre_session" } }, async (request, reply) => {
      const body = formBody(request.body);
      const login = field(body, "login").trim();
      const password = field(body, "password");
      const redirectTo = safeRedirect(field(body, "redirect_to"));
      let principal;
      try {
        principal = await withFailedAuthBan(deps, clientIp(request), () => authenticatePassword(deps, login, password));
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "unauthorized" && error.code !== "banned") throw error;
        const banned = error.code === "banned";
        request.log.info({ banned }, "web sign-in refused");
        const csrfToken = preSessionToken(request, reply, deps.config);
        return sendPage2(
          reply,
          /* @__PURE__ */ jsx30(SignInPage, { view: viewOf(request), csrfToken, login, redirectTo, error: banned ? BANNED : INVALID, notice: null }),
          banned ? 403 : 401
        );
      }
      const session = await createSession(deps, principal, { replacing: request.cookies[SESSION_COOKIE] ?? null });
      reply.setCookie(SESSION_COOKIE, session.sessionId, sessionCookieOptions(deps.config));
      clearCookie(reply, deps.config, PRE_SESSION_COOKIE);
      request.log.info({ userId: principal.user.id }, "signed in to the web UI");
      return redirectAfterPost(reply, redirectTo);
    });
    app.post("/users/sign_out", async (request, reply) => {
      await endSession(deps, principalOf(request), { sessionId: request.cookies[SESSION_COOKIE] });
      clearCookie(reply, deps.config, SESSION_COOKIE);
      return redirectAfterPost(reply, `${SIGN_IN_PATH}?signed_out=1`);
    });
  };
}

// src/http/web/index.tsx
import { jsx as jsx31 } from "preact/jsx-runtime";
var SAFE_METHODS = /* @__PURE__ */ new Set(["GET", "HEAD", "OPTIONS"]);
function submittedCsrfToken(request) {
  const value = formBody(request.body)[CSRF_FIELD];
  return typeof value === "string" ? value : "";
}
function refuseForgedForm(request, reply) {
  request.log.info({ url: request.url.split("?")[0] }, "web form refused: missing or wrong CSRF token");
  return sendPage2(
    reply,
    /* @__PURE__ */ jsx31(StatusPage, { view: viewOf(request), status: 403, title: "The form could not be accepted", children: /* @__PURE__ */ jsx31("p", { children: "This form has expired or did not come from Latchkey. Go back, reload the page and try again." }) }),
    403
  );
}
function pages(deps) {
  return async (app) => {
    app.decorateRequest("web", null);
    app.addHook("preHandler", async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      const session = await authenticateSession(deps, cookie);
      request.web = { session };
      if (cookie !== void 0 && session === null) clearCookie(reply, deps.config, SESSION_COOKIE);
      const config = request.routeOptions.config;
      if ((config.auth ?? "required") === "required" && session === null) return signInRedirect(request, reply);
      if (!SAFE_METHODS.has(request.method)) {
        const expected = config.csrf === "pre_session" ? request.cookies[PRE_SESSION_COOKIE] : session?.csrfToken;
        const submitted = submittedCsrfToken(request);
        if (!expected || !submitted || !sameSecret(submitted, expected)) return refuseForgedForm(request, reply);
      }
    });
    app.setErrorHandler(webErrorHandler);
    await app.register(sessionRoutes(deps));
    await app.register(dashboardRoutes(deps));
    await app.register(personalTokenRoutes(deps));
    await app.register(adminRoutes(deps));
    await app.register(projectRoutes2(deps));
    await app.register(projectTokenRoutes(deps));
    await app.register(memberRoutes2(deps));
  };
}
function webRoutes(deps) {
  return async (app) => {
    await app.register(fastifyCookie);
    await app.register(assetRoutes);
    await app.register(pages(deps));
  };
}

// src/http/server.ts
var BODY_LIMIT = 10 * 1024 * 1024;
function isDatabaseUnavailable(error) {
  const code = error?.code;
  const message = error instanceof Error ? error.message : "";
  return code === "ECONNREFUSED" || code === "ECONNRESET" || code === "57P01" || code === "57P03" || code === "SQLITE_BUSY" || /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}
async function buildHttpServer(deps) {
  const app = Fastify({
    loggerInstance: deps.log,
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomUUID2(),
    requestIdHeader: false,
    trustProxy: deps.config.trustedProxies.length > 0 ? deps.config.trustedProxies : false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1e3 },
    // Errors the router raises before any route runs (a bad %-escape, an over-long path segment).
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
      const status = tooLong ? 414 : 400;
      const body = { message: tooLong ? "414 Request-URI Too Long" : "400 Bad request - Invalid URL encoding" };
      void reply.code(status).send(body);
    }
  });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
    done(null, parseQuery(body));
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      const response = errorResponse(error);
      if (response.status === 401 || response.status === 403) request.log.info({ code: error.code }, "request refused");
      return reply.code(response.status).headers(response.headers).send(response.body);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, "database unavailable");
      return reply.code(503).header("retry-after", "5").send({ message: "503 Service Unavailable" });
    }
    const status = error.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) {
      const reason = status === 413 ? "Request body is too large" : status === 415 ? "Unsupported content type" : error.message;
      return reply.code(status).send({ message: `${status} Bad request - ${reason}` });
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.code(500).send({ message: "500 Internal Server Error" });
  });
  app.setNotFoundHandler(
    (request, reply) => wantsHtmlPage(request) ? sendNotFoundPage(request, reply) : reply.code(404).send({ error: "404 Not Found" })
  );
  await app.register(healthRoutes(deps));
  await app.register(apiV4(deps), { prefix: "/api/v4" });
  await app.register(registryRoutes(deps));
  await app.register(gitHttpRoutes(deps));
  await app.register(webRoutes(deps));
  return app;
}

// src/instance-files.ts
import { randomBytes as randomBytes7 } from "node:crypto";
import { mkdirSync as mkdirSync3, readFileSync as readFileSync3, writeFileSync as writeFileSync2 } from "node:fs";
import path5 from "node:path";
function readOrCreateSecretFile(dataDir, name, generate) {
  mkdirSync3(dataDir, { recursive: true });
  const file = path5.join(dataDir, name);
  try {
    writeFileSync2(file, `${generate()}
`, { mode: 384, flag: "wx" });
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
  }
  return readFileSync3(file, "utf8").trim();
}
var randomSecret = () => randomBytes7(32).toString("base64url");

// src/logger.ts
import pino from "pino";

// src/http/log-redaction.ts
var SECRET_QUERY = /([?&](?:private_token|access_token|token|password)=)[^&#]*/gi;
function redactUrl(url) {
  return url.replace(SECRET_QUERY, "$1[REDACTED]");
}
function requestSerializer(request) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    remoteAddress: request.ip
  };
}

// src/logger.ts
function createLogger(level, destination) {
  return pino(
    {
      level,
      base: { service: "latchkey" },
      serializers: {
        req: requestSerializer,
        res: (reply) => ({ statusCode: reply.statusCode }),
        err: pino.stdSerializers.err
      },
      redact: { paths: ["req.headers", "headers.authorization", 'headers["private-token"]', "password", "token"], censor: "[REDACTED]" }
    },
    destination ?? pino.destination({ sync: false })
  );
}

// src/db/auth-change-plugin.ts
var WATCHED = {
  personal_access_tokens: /* @__PURE__ */ new Set(["revoked", "expires_at", "scopes", "user_id", "project_id", "digest"]),
  users: /* @__PURE__ */ new Set(["state", "is_admin", "user_type", "username", "name", "email", "bot_project_id"])
};
function tableName(node) {
  if (!node) return void 0;
  if (node.kind === "TableNode") return node.table.identifier.name;
  if (node.kind === "AliasNode") return tableName(node.node);
  return void 0;
}
function touchesAuth(node) {
  if (node.kind === "DeleteQueryNode") {
    return node.from.froms.some((from) => (tableName(from) ?? "") in WATCHED);
  }
  if (node.kind === "UpdateQueryNode") {
    const watched = WATCHED[tableName(node.table) ?? ""];
    if (!watched) return false;
    return (node.updates ?? []).some((update) => {
      const column = update.column;
      return column.column !== void 0 && watched.has(column.column.name);
    });
  }
  return false;
}
var AuthChangePlugin = class {
  constructor(onChange) {
    this.onChange = onChange;
  }
  onChange;
  pending = /* @__PURE__ */ new WeakSet();
  transformQuery(args) {
    if (touchesAuth(args.node)) this.pending.add(args.queryId);
    return args.node;
  }
  async transformResult(args) {
    if (this.pending.has(args.queryId)) {
      this.pending.delete(args.queryId);
      this.onChange();
    }
    return args.result;
  }
};

// src/db/auth-change-listener.ts
import pg2 from "pg";
function listenForAuthChanges(url, log, handlers) {
  let client = null;
  let stopped = false;
  let retryMs = 250;
  let timer = null;
  const reconnectLater = () => {
    handlers.onAvailability(false);
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, 5e3);
  };
  const connect = async () => {
    const next = new pg2.Client({ connectionString: url, connectionTimeoutMillis: 5e3 });
    next.on("notification", () => handlers.onChange());
    next.on("error", (error) => {
      log.warn({ err: error }, "lost the auth change listener; token cache off until it is back");
      void next.end().catch(() => {
      });
      if (client === next) client = null;
      reconnectLater();
    });
    try {
      await next.connect();
      await next.query("LISTEN latchkey_auth");
      if (stopped) {
        await next.end();
        return;
      }
      client = next;
      retryMs = 250;
      handlers.onAvailability(true);
    } catch (error) {
      log.warn({ err: error }, "could not start the auth change listener; retrying");
      void next.end().catch(() => {
      });
      reconnectLater();
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {
      });
    }
  };
}

// src/auth/token-cache.ts
var TokenCache = class {
  constructor(options) {
    this.options = options;
    this.enabled = options.enabled;
  }
  options;
  entries = /* @__PURE__ */ new Map();
  generation = 0;
  enabled;
  /** Call before reading the database; pass the result to `set`. */
  begin() {
    this.checkElsewhere();
    return this.generation;
  }
  get(digest) {
    if (!this.enabled) return void 0;
    this.checkElsewhere();
    const entry = this.entries.get(digest);
    if (!entry) return void 0;
    if (performance.now() - entry.storedAt > this.options.ttlMs) {
      this.entries.delete(digest);
      return void 0;
    }
    return entry.value;
  }
  set(digest, value, generation) {
    if (!this.enabled || generation !== this.generation) return;
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value);
    this.entries.set(digest, { value, storedAt: performance.now() });
  }
  invalidateAll() {
    this.generation += 1;
    this.entries.clear();
  }
  setEnabled(enabled2) {
    this.invalidateAll();
    this.enabled = enabled2;
  }
  checkElsewhere() {
    if (this.options.changedElsewhere?.()) this.invalidateAll();
  }
};

// src/auth/token-cache-wiring.ts
var MAX_ENTRIES = 1e4;
var TTL_MS = 6e4;
function createTokenCache(database, config, log) {
  let lastVersion = database.dataVersion?.();
  const cache = new TokenCache({
    maxEntries: MAX_ENTRIES,
    ttlMs: TTL_MS,
    enabled: config.dialect === "sqlite",
    changedElsewhere: database.dataVersion ? () => {
      const version = database.dataVersion();
      if (version === lastVersion) return false;
      lastVersion = version;
      return true;
    } : void 0
  });
  const db = database.db.withPlugin(new AuthChangePlugin(() => cache.invalidateAll()));
  if (config.dialect !== "postgres") return { db, cache, stop: async () => {
  } };
  const listener = listenForAuthChanges(config.url, log, {
    onChange: () => cache.invalidateAll(),
    onAvailability: (listening) => cache.setEnabled(listening)
  });
  return { db, cache, stop: () => listener.stop() };
}

// src/app.ts
async function buildApp(config, options = {}) {
  const log = options.log ?? createLogger(config.logLevel);
  const secret = config.secret ?? readOrCreateSecretFile(config.dataDir, "secret", randomSecret);
  const database = openDatabase(config.database);
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const tokens = createTokenCache(database, config.database, log);
  const deps = {
    db: tokens.db,
    dialect: database.dialect,
    clock: options.clock ?? systemClock,
    config,
    secret,
    log,
    tokenCache: tokens.cache
  };
  const http = await buildHttpServer(deps);
  return {
    deps,
    http,
    async close() {
      await http.close();
      await tokens.stop();
      await database.close();
    }
  };
}

// src/config.ts
import path6 from "node:path";
var ConfigError = class extends Error {
};
function read(env, name) {
  const value = env[name];
  return value === void 0 || value.trim() === "" ? void 0 : value.trim();
}
function integer2(env, name, fallback, min, max) {
  const raw = read(env, name);
  if (raw === void 0) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}
function boolean2(env, name, fallback) {
  const raw = read(env, name)?.toLowerCase();
  if (raw === void 0) return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}
var LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
function host(env, name, fallback) {
  const raw = read(env, name);
  if (raw === void 0) return fallback;
  const bare = raw.replace(/^\[(.*)\]$/, "$1");
  if (!/^[A-Za-z0-9.-]{1,253}$/.test(bare) && !/^[0-9A-Fa-f:.]{2,45}$/.test(bare)) {
    throw new ConfigError(`${name} must be a host name or an IP address, got "${raw}"`);
  }
  return bare;
}
function trustedProxies(env) {
  const raw = read(env, "LATCHKEY_TRUSTED_PROXIES");
  if (raw === void 0) return [];
  const list = raw.split(",").map((item) => item.trim()).filter(Boolean);
  const bad = list.find((item) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(item));
  if (bad) throw new ConfigError(`LATCHKEY_TRUSTED_PROXIES must list IP addresses or CIDR ranges, got "${bad}"`);
  return list;
}
function registry(env, externalUrl) {
  const addr = read(env, "LATCHKEY_REGISTRY_ADDR") ?? "127.0.0.1:5000";
  const addrMatch = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(addr);
  if (!addrMatch || Number(addrMatch[2]) < 1 || Number(addrMatch[2]) > 65535) {
    throw new ConfigError(`LATCHKEY_REGISTRY_ADDR must be host:port, got "${addr}"`);
  }
  const urlRaw = read(env, "LATCHKEY_REGISTRY_URL");
  let urlHost = null;
  if (urlRaw !== void 0) {
    try {
      const url = new URL(urlRaw);
      if (url.protocol !== "http:" && url.protocol !== "https:" || url.pathname.replace(/\/$/, "") !== "") throw new Error();
      urlHost = url.host;
    } catch {
      throw new ConfigError(`LATCHKEY_REGISTRY_URL must be an http(s) URL without a path, got "${urlRaw}"`);
    }
  }
  const modeRaw = read(env, "LATCHKEY_REGISTRY")?.toLowerCase() ?? (urlHost === null ? "off" : "external");
  if (modeRaw !== "off" && modeRaw !== "embedded" && modeRaw !== "external") {
    throw new ConfigError(`LATCHKEY_REGISTRY must be embedded, external or off, got "${modeRaw}"`);
  }
  if (modeRaw === "external" && urlHost === null) {
    throw new ConfigError("LATCHKEY_REGISTRY=external needs LATCHKEY_REGISTRY_URL");
  }
  let host2 = null;
  if (modeRaw !== "off") {
    const [, addrHost, addrPort] = addrMatch;
    const wildcard = addrHost === "0.0.0.0" || addrHost === "[::]";
    host2 = urlHost ?? (wildcard ? `${new URL(externalUrl).hostname}:${addrPort}` : addr);
  }
  return { mode: modeRaw, addr, host: host2 };
}
function loadConfig(env = process.env, cwd = process.cwd()) {
  const dataDir = path6.resolve(cwd, read(env, "LATCHKEY_DATA_DIR") ?? "data");
  const databaseUrl = read(env, "LATCHKEY_DATABASE_URL");
  let database;
  if (databaseUrl === void 0) {
    database = { dialect: "sqlite", file: path6.join(dataDir, "latchkey.sqlite3") };
  } else if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    try {
      new URL(databaseUrl);
    } catch {
      throw new ConfigError("LATCHKEY_DATABASE_URL is not a valid postgres:// URL");
    }
    database = { dialect: "postgres", url: databaseUrl };
  } else if (databaseUrl.startsWith("sqlite:")) {
    const file = databaseUrl.slice("sqlite:".length).replace(/^\/\//, "");
    if (file.trim() === "") throw new ConfigError("LATCHKEY_DATABASE_URL=sqlite: needs a file path, e.g. sqlite:data/latchkey.sqlite3");
    database = { dialect: "sqlite", file: path6.resolve(cwd, file) };
  } else {
    throw new ConfigError("LATCHKEY_DATABASE_URL must start with postgres:// or sqlite:");
  }
  const httpHost = host(env, "LATCHKEY_HTTP_HOST", "127.0.0.1");
  const httpPort = integer2(env, "LATCHKEY_HTTP_PORT", 8080, 0, 65535);
  const externalRaw = read(env, "LATCHKEY_EXTERNAL_URL") ?? `http://${httpHost.includes(":") ? `[${httpHost}]` : httpHost}:${httpPort}`;
  let externalUrl;
  try {
    const url = new URL(externalRaw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
    if (url.username || url.password || url.search || url.hash) throw new Error();
    externalUrl = url.toString().replace(/\/$/, "");
  } catch {
    throw new ConfigError(`LATCHKEY_EXTERNAL_URL must be an http(s) URL without credentials, query or fragment, got "${externalRaw}"`);
  }
  const secret = read(env, "LATCHKEY_SECRET") ?? null;
  if (secret !== null && secret.length < 32) {
    throw new ConfigError("LATCHKEY_SECRET must be at least 32 characters long");
  }
  const tokenPrefix = read(env, "LATCHKEY_TOKEN_PREFIX") ?? "glpat-";
  if (!/^[A-Za-z0-9_.-]{0,20}$/.test(tokenPrefix)) {
    throw new ConfigError("LATCHKEY_TOKEN_PREFIX may hold at most 20 of A-Z a-z 0-9 _ . -");
  }
  const maxLifetime = read(env, "LATCHKEY_MAX_TOKEN_LIFETIME_DAYS");
  const rootPassword = env.LATCHKEY_ROOT_PASSWORD ? env.LATCHKEY_ROOT_PASSWORD : null;
  if (rootPassword !== null && (rootPassword.length < 8 || rootPassword.length > 128)) {
    throw new ConfigError("LATCHKEY_ROOT_PASSWORD must be 8 to 128 characters long");
  }
  const logLevel = read(env, "LATCHKEY_LOG_LEVEL")?.toLowerCase() ?? "info";
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LATCHKEY_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  }
  return {
    dataDir,
    database,
    httpHost,
    httpPort,
    externalUrl,
    rootPassword,
    secret,
    tokenPrefix,
    allowTokenInQuery: boolean2(env, "LATCHKEY_ALLOW_TOKEN_IN_QUERY", true),
    requireTokenExpiry: boolean2(env, "LATCHKEY_REQUIRE_TOKEN_EXPIRY", false),
    maxTokenLifetimeDays: maxLifetime === void 0 ? null : integer2(env, "LATCHKEY_MAX_TOKEN_LIFETIME_DAYS", 0, 1, 36500),
    botRetentionDays: integer2(env, "LATCHKEY_BOT_RETENTION_DAYS", 30, 0, 36500),
    sshHost: host(env, "LATCHKEY_SSH_HOST", "127.0.0.1"),
    sshPort: integer2(env, "LATCHKEY_SSH_PORT", 2222, 0, 65535),
    logLevel,
    authBan: {
      maxFailures: integer2(env, "LATCHKEY_AUTH_BAN_MAX_FAILURES", 30, 0, 1e6),
      windowSeconds: integer2(env, "LATCHKEY_AUTH_BAN_WINDOW_SECONDS", 180, 1, 86400 * 30),
      banSeconds: integer2(env, "LATCHKEY_AUTH_BAN_SECONDS", 3600, 0, 86400 * 365)
    },
    trustedProxies: trustedProxies(env),
    registry: registry(env, externalUrl)
  };
}

// src/services/cleanup-expired-bots.ts
var DAY_MS = 24 * 60 * 60 * 1e3;
function retentionCutoff(now, days) {
  return utcDate(new Date(now.getTime() - days * DAY_MS - 1));
}
async function cleanupExpiredBots(deps) {
  const now = deps.clock.now();
  const cutoff = retentionCutoff(now, deps.config.botRetentionDays);
  const candidates = await findBotsWithoutTokensAliveAfter(deps.db, cutoff);
  let removed = 0;
  for (const botId of candidates) {
    const done = await deps.db.transaction().execute(async (trx) => {
      await lockTokensOfUser(trx, botId);
      const bot = await findUserById(trx, botId);
      if (!bot || bot.user_type !== "project_bot") return false;
      if (await hasTokenAliveAfter(trx, botId, cutoff)) return false;
      const tokens = await listTokensOfUserIds(trx, [botId]);
      const last = tokens.sort((a, b) => b.id - a.id)[0];
      if (bot.bot_project_id !== null) {
        await recordProjectAudit(trx, {
          author: toActor(bot),
          projectId: bot.bot_project_id,
          eventName: "project_access_token_deleted",
          message: last ? `Removed the bot user of expired project access token with token_id: ${last.id} (${last.revoked ? "revoked" : `expired on ${last.expires_at}`}, retention ${deps.config.botRetentionDays} days)` : `Removed the bot user ${bot.username}, which held no token`,
          target: { id: bot.id, type: "User", details: bot.name },
          ip: null,
          at: now.toISOString()
        });
      }
      await retireUser(deps, trx, bot.id);
      return true;
    });
    if (done) removed += 1;
  }
  if (removed > 0) deps.log.info({ removed, retentionDays: deps.config.botRetentionDays }, "removed bots of expired project access tokens");
  return removed;
}

// src/jobs/expired-bot-cleanup.ts
var HOUR_MS = 60 * 60 * 1e3;
function startExpiredBotCleanup(deps, options = {}) {
  const intervalMs = options.intervalMs ?? HOUR_MS;
  let running = null;
  let stopped = false;
  let timer;
  const run = () => {
    running = cleanupExpiredBots(deps).then(() => void 0).catch((error) => deps.log.error({ err: error }, "expired bot cleanup failed")).finally(() => {
      running = null;
      if (!stopped) schedule(intervalMs);
    });
  };
  const schedule = (ms) => {
    timer = setTimeout(run, ms);
    timer.unref();
  };
  schedule(options.firstRunAfterMs ?? 6e4);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (running) await running;
    }
  };
}

// src/registry/registry-config-file.ts
import { createHmac as createHmac4 } from "node:crypto";
import { mkdirSync as mkdirSync4, renameSync, writeFileSync as writeFileSync3 } from "node:fs";
import path7 from "node:path";
var q = (value) => JSON.stringify(value);
function renderRegistryConfig(options) {
  const base2 = options.latchkeyUrl.replace(/\/$/, "");
  return `# Distribution registry configuration generated by \`latchkey registry config\`.
# Run: docker-registry serve <this file>. It holds a shared secret: keep it private (mode 0600).
version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${q(options.storageDir)}
  delete:
    enabled: true
http:
  addr: ${q(options.addr)}
  secret: ${q(options.httpSecret)}
  headers:
    X-Content-Type-Options: [nosniff]
auth:
  token:
    realm: ${q(`${base2}/jwt/auth`)}
    service: ${q(REGISTRY_SERVICE)}
    issuer: ${q(REGISTRY_ISSUER)}
    rootcertbundle: ${q(options.certificateFile)}
notifications:
  events:
    includereferences: true
  endpoints:
    - name: latchkey
      url: ${q(`${base2}${REGISTRY_NOTIFICATION_PATH}`)}
      headers:
        Authorization: [${q(options.notificationSecret)}]
      timeout: 5s
      threshold: 5
      backoff: 2s
      ignore:
        mediatypes: ["application/octet-stream"]
        actions: ["pull"]
`;
}
function writeRegistryConfig(config, instanceSecret, overrides = {}) {
  const files = registryFiles(config.dataDir);
  const key = loadOrCreateRegistrySigningKey(config.dataDir);
  mkdirSync4(files.storage, { recursive: true, mode: 448 });
  const addr = overrides.addr ?? config.registry.addr;
  const content = renderRegistryConfig({
    addr,
    latchkeyUrl: overrides.latchkeyUrl ?? config.externalUrl,
    storageDir: files.storage,
    certificateFile: key.certificateFile,
    notificationSecret: registryNotificationSecret(instanceSecret),
    httpSecret: createHmac4("sha256", instanceSecret).update("latchkey registry http secret").digest("base64url")
  });
  const file = path7.resolve(overrides.file ?? files.config);
  mkdirSync4(path7.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync3(temporary, content, { mode: 384 });
  renameSync(temporary, file);
  return { file, addr };
}

// src/registry/supervisor.ts
import { spawn as spawn4 } from "node:child_process";
import { createInterface } from "node:readline";
function levelOf(line) {
  const level = /\blevel=(\w+)/.exec(line)?.[1];
  if (level === void 0) return line.trim() === "" ? "debug" : "warn";
  if (line.includes("http.request.")) return /\bhttp\.response\.status=5\d\d\b/.test(line) ? "error" : "debug";
  if (level === "error" || level === "fatal" || level === "panic") return "error";
  if (level === "warning" || level === "warn") return "warn";
  return "debug";
}
function startRegistrySupervisor(options) {
  const { log, configFile } = options;
  const binary = options.binary ?? "docker-registry";
  const initialBackoff = options.initialBackoffMs ?? 1e3;
  const maxBackoff = options.maxBackoffMs ?? 3e4;
  const stableAfter = options.stableAfterMs ?? 3e4;
  const redact = (options.redact ?? []).filter((s) => s.length > 0);
  let child = null;
  let exited = Promise.resolve();
  let stopping = false;
  let gaveUp = false;
  let backoff = initialBackoff;
  let restartTimer = null;
  let startCount = 0;
  const forward = (stream) => {
    createInterface({ input: stream }).on("line", (raw) => {
      const line = redact.reduce((text2, secret) => text2.split(secret).join("[REDACTED]"), raw);
      log[levelOf(line)]({ registry: line }, "registry");
    });
  };
  const launch = () => {
    restartTimer = null;
    if (stopping) return;
    const startedAt = Date.now();
    const current = spawn4(binary, ["serve", configFile], { stdio: ["ignore", "pipe", "pipe"] });
    child = current;
    startCount += 1;
    forward(current.stdout);
    forward(current.stderr);
    exited = new Promise((resolve) => {
      current.once("error", (error) => {
        if (error.code === "ENOENT") {
          gaveUp = true;
          log.error({ binary }, `${binary} was not found on PATH: the embedded registry is not running (install Debian's docker-registry)`);
        } else {
          log.error({ err: error }, "could not start the registry");
        }
        resolve();
      });
      current.once("exit", (code, signal) => {
        resolve();
        if (child === current) child = null;
        if (stopping || gaveUp) return;
        if (Date.now() - startedAt >= stableAfter) backoff = initialBackoff;
        log.warn({ code, signal, restartInMs: backoff }, "the registry exited; restarting it");
        restartTimer = setTimeout(launch, backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      });
    });
    if (current.pid !== void 0) log.info({ pid: current.pid, config: configFile }, "registry started");
  };
  const killOnExit = () => child?.kill("SIGTERM");
  process.once("exit", killOnExit);
  launch();
  return {
    pid: () => child?.pid ?? null,
    starts: () => startCount,
    async stop() {
      stopping = true;
      process.removeListener("exit", killOnExit);
      if (restartTimer) clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const killer = setTimeout(() => running.kill("SIGKILL"), options.stopTimeoutMs ?? 5e3);
      running.kill("SIGTERM");
      await exited;
      clearTimeout(killer);
    }
  };
}

// src/registry/embedded-registry.ts
function startEmbeddedRegistry(deps) {
  const { file, addr } = writeRegistryConfig(deps.config, deps.secret);
  deps.log.info({ addr, config: file }, "starting the embedded container registry");
  return startRegistrySupervisor({
    configFile: file,
    log: deps.log.child({ component: "registry" }),
    redact: [registryNotificationSecret(deps.secret)]
  });
}

// src/services/bootstrap-instance.ts
import { randomBytes as randomBytes8 } from "node:crypto";
async function bootstrapRoot(deps) {
  if (await findUserByUsername(deps.db, "root")) return null;
  const generated = deps.config.rootPassword === null ? randomBytes8(18).toString("base64url") : null;
  const host2 = new URL(deps.config.externalUrl).hostname;
  try {
    await insertHuman(deps, {
      username: "root",
      name: "Administrator",
      email: `admin@${host2.includes(".") ? host2 : `${host2}.local`}`,
      password: deps.config.rootPassword ?? generated,
      admin: true
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict" && await findUserByUsername(deps.db, "root")) return null;
    throw error;
  }
  return { generatedPassword: generated };
}

// src/ssh/server.ts
import ssh23 from "ssh2";

// src/auth/authenticate-ssh-key.ts
import ssh2 from "ssh2";
async function ownerOf(deps, blob) {
  const row = await findSshKeyByFingerprint(deps.db, fingerprintOf(blob));
  const now = deps.clock.now().toISOString();
  if (!row || row.usage_type === "signing" || row.expires_at !== null && row.expires_at <= now) {
    throw new AppError("unauthorized", "Unauthorized");
  }
  const user = await findUserById(deps.db, row.user_id);
  if (!user || user.user_type !== "human" || user.state !== "active") throw new AppError("unauthorized", "Unauthorized");
  return { user, key: row.key };
}
async function authenticateSshKey(deps, attempt) {
  const { user, key } = await ownerOf(deps, attempt.blob);
  if (!attempt.signature) return null;
  const parsed = ssh2.utils.parseKey(key);
  if (parsed instanceof Error || !parsed.getPublicSSH().equals(attempt.blob)) throw new AppError("unauthorized", "Unauthorized");
  const { signature, signedData, hashAlgo } = attempt.signature;
  if (parsed.verify(signedData, signature, hashAlgo) !== true) throw new AppError("unauthorized", "Unauthorized");
  return { kind: "user", user: toActor(user), via: "ssh_key" };
}

// src/ssh/authentication.ts
var REJECTED = { kind: "rejected" };
function refusal(error) {
  if (error instanceof AppError) return REJECTED;
  throw error;
}
async function authenticateSshRequest(deps, ip, ctx) {
  try {
    if (ctx.method === "password") {
      const { username, password } = ctx;
      const principal = await withFailedAuthBan(deps, ip, () => authenticateBasic(deps, username, password, { ip }));
      return { kind: "principal", principal };
    }
    if (ctx.method === "publickey") {
      const blob = ctx.key.data;
      if (!ctx.signature || !ctx.blob) {
        await assertNotBanned(deps, ip);
        await authenticateSshKey(deps, { blob });
        return { kind: "key_acceptable" };
      }
      const signature = { signature: ctx.signature, signedData: ctx.blob, hashAlgo: ctx.hashAlgo };
      const principal = await withFailedAuthBan(deps, ip, () => authenticateSshKey(deps, { blob, signature }));
      return principal ? { kind: "principal", principal } : REJECTED;
    }
    await assertNotBanned(deps, ip);
    return REJECTED;
  } catch (error) {
    return refusal(error);
  }
}

// src/ssh/git-session.ts
import { spawn as spawn5 } from "node:child_process";

// src/ssh/git-command.ts
var COMMAND = /^(git-upload-pack|git-receive-pack|git-upload-archive|git upload-pack|git receive-pack|git upload-archive) (.*)$/s;
var ARGUMENT = /^(?:'([A-Za-z0-9_./-]+)'|([A-Za-z0-9_./-]+))$/;
function parseSshGitCommand(command) {
  if (command.length > 1024) return { ok: false, reason: "bad_arguments" };
  const match = COMMAND.exec(command.trim());
  if (!match) return { ok: false, reason: "not_git" };
  const service = match[1].replace(" ", "-");
  const argument = ARGUMENT.exec(match[2]);
  if (!argument) return { ok: false, reason: "bad_arguments" };
  const projectPath2 = parseGitProjectPath(argument[1] ?? argument[2]);
  if (projectPath2 === null) return { ok: false, reason: "bad_arguments" };
  return { ok: true, service, projectPath: projectPath2 };
}

// src/ssh/git-session.ts
var GIT_PROTOCOL2 = /^[A-Za-z0-9=:,._-]{1,256}$/;
var REFUSALS = {
  shell: (username) => `Welcome to Latchkey, @${username}! Shell access is not available: use git clone, fetch or push.`,
  not_git: "Disallowed command: only git-upload-pack, git-receive-pack and git-upload-archive are allowed.",
  bad_arguments: "Disallowed command: a git command takes exactly one repository path, such as namespace/project.git.",
  internal: "Internal error: please try again later."
};
function refuse(channel, message) {
  channel.stderr.write(`remote: ${message}
`);
  channel.exit(1);
  channel.end();
}
function refusalMessage(error) {
  if (!(error instanceof AppError)) return null;
  if (error.code === "not_found") return GIT_PROJECT_NOT_FOUND;
  if (error.code === "forbidden") return error.message;
  return null;
}
async function runGitCommand(deps, principal, channel, command, env) {
  const parsed = parseSshGitCommand(command);
  if (!parsed.ok) return refuse(channel, REFUSALS[parsed.reason]);
  const upload = parsed.service === "git-receive-pack";
  let finishPush = null;
  let repositoryDir;
  try {
    const access = await authorizeGitAccess(deps, principal, { projectPath: parsed.projectPath, operation: upload ? "upload" : "download" });
    repositoryDir = access.repositoryDir;
    if (upload) finishPush = await beginPush(deps, principal, { projectId: access.project.project.id, repositoryDir });
  } catch (error) {
    const message = refusalMessage(error);
    if (message === null) deps.log.error({ err: error }, "ssh git command failed");
    return refuse(channel, message ?? REFUSALS.internal);
  }
  const child = spawn5("git", [parsed.service.slice("git-".length), repositoryDir], {
    env: gitEnvironment(env),
    stdio: ["pipe", "pipe", "pipe"]
  });
  child.stdin.on("error", () => {
  });
  channel.pipe(child.stdin);
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  channel.on("close", () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  child.on("error", (error) => deps.log.error({ err: error }, "could not start git over ssh"));
  child.on("close", (code) => {
    void (async () => {
      if (finishPush) await finishPush(code);
      channel.exit(code ?? 1);
      channel.end();
    })();
  });
}
function handleSession(deps, principal, session) {
  const env = {};
  session.on("env", (accept, reject, info) => {
    if (info.key === "GIT_PROTOCOL" && GIT_PROTOCOL2.test(info.val)) {
      env.GIT_PROTOCOL = info.val;
      accept?.();
    } else {
      reject?.();
    }
  });
  session.on("pty", (accept) => accept?.());
  session.on("shell", (accept) => refuse(accept(), REFUSALS.shell(principal.user.username)));
  session.on("exec", (accept, _reject, info) => {
    void runGitCommand(deps, principal, accept(), info.command, env).catch((error) => {
      deps.log.error({ err: error }, "ssh git command failed");
    });
  });
  session.on("subsystem", (_accept, reject) => reject());
}

// src/ssh/host-key.ts
import ssh22 from "ssh2";
var HOST_KEY_FILE = "ssh_host_ed25519_key";
function readOrCreateHostKey(dataDir) {
  return `${readOrCreateSecretFile(dataDir, HOST_KEY_FILE, () => ssh22.utils.generateKeyPairSync("ed25519").private.trim())}
`;
}

// src/ssh/server.ts
var METHODS = ["publickey", "password"];
var AUTH_TIMEOUT_MS = 6e4;
var MAX_AUTH_ATTEMPTS = 10;
async function startSshServer(deps, listen) {
  const clients = /* @__PURE__ */ new Set();
  const server = new ssh23.Server({ hostKeys: [readOrCreateHostKey(deps.config.dataDir)], ident: "Latchkey" }, (client, info) => {
    const ip = info.ip;
    clients.add(client);
    let principal = null;
    let attempts = 0;
    const timeout = setTimeout(() => client.end(), AUTH_TIMEOUT_MS);
    client.on("error", (error) => deps.log.debug({ err: error, ip }, "ssh connection error"));
    client.on("close", () => {
      clearTimeout(timeout);
      clients.delete(client);
    });
    client.on("authentication", (ctx) => {
      attempts += 1;
      if (attempts > MAX_AUTH_ATTEMPTS) {
        ctx.reject([], false);
        client.end();
        return;
      }
      authenticateSshRequest(deps, ip, ctx).then(
        (outcome) => {
          if (outcome.kind === "principal") principal = outcome.principal;
          if (outcome.kind === "rejected") ctx.reject(METHODS);
          else ctx.accept();
        },
        (error) => {
          deps.log.error({ err: error, ip }, "ssh authentication failed unexpectedly");
          ctx.reject(METHODS);
        }
      );
    });
    client.on("ready", () => {
      clearTimeout(timeout);
      const user = principal;
      deps.log.info({ ip, user: user.user.username, via: user.via }, "ssh session authenticated");
      client.on("session", (accept) => handleSession(deps, user, accept()));
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => deps.log.error({ err: error }, "ssh server error"));
  return {
    port: server.address().port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      for (const client of clients) client.end();
    })
  };
}

// src/main.ts
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`latchkey: invalid configuration: ${error.message}
`);
      process.exit(78);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const app = await buildApp(config, { log });
  const root = await bootstrapRoot(app.deps);
  if (root?.generatedPassword) {
    const file = path8.join(config.dataDir, "initial_root_password");
    mkdirSync5(config.dataDir, { recursive: true });
    writeFileSync4(file, `${root.generatedPassword}
`, { mode: 384 });
    chmodSync2(file, 384);
    log.info({ file }, "created the admin user root; its generated password is in this file (read it, then delete it)");
  } else if (root) {
    log.info("created the admin user root with the password of LATCHKEY_ROOT_PASSWORD");
  }
  await app.http.listen({ host: config.httpHost, port: config.httpPort });
  const ssh = await startSshServer(app.deps, { host: config.sshHost, port: config.sshPort });
  log.info({ host: config.sshHost, port: ssh.port }, "ssh listening");
  log.info({ url: config.externalUrl, database: config.database.dialect }, "latchkey is ready");
  const botCleanup = startExpiredBotCleanup(app.deps);
  const registry2 = config.registry.mode === "embedded" ? startEmbeddedRegistry(app.deps) : null;
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 1e4);
    force.unref();
    await botCleanup.stop();
    await registry2?.stop();
    await ssh.close();
    await app.close();
    log.flush();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
function startFailure(error) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error?.code;
  const hint = code === "EADDRINUSE" || code === "EACCES" ? " (see LATCHKEY_HTTP_HOST/PORT and LATCHKEY_SSH_HOST/PORT)" : "";
  return `latchkey: failed to start: ${message.split("\n")[0]}${hint}
`;
}
main().catch((error) => {
  process.stderr.write(startFailure(error));
  process.exit(1);
});
