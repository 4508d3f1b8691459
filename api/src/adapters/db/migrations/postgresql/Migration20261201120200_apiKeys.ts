import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120200_apiKeys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_key" ("id" serial primary key, "name" varchar(60) not null, "prefix" varchar(16) not null, "secret_hash" varchar(64) not null, "requests_per_minute" int null, "allowed_origins" jsonb not null, "created_at" bigint not null, "created_by" varchar(40) not null, "revoked_at" bigint null, "revoked_by" varchar(40) null, "last_used_at" bigint null, "requests" bigint not null default 0, "rejected" bigint not null default 0);`);
    this.addSql(`alter table "api_key" add constraint "api_key_secret_hash_unique" unique ("secret_hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
