import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120200_apiKeys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`api_key\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`prefix\` text not null, \`secret_hash\` text not null, \`requests_per_minute\` integer null, \`allowed_origins\` json not null, \`created_at\` bigint not null, \`created_by\` text not null, \`revoked_at\` bigint null, \`revoked_by\` text null, \`last_used_at\` bigint null, \`requests\` bigint not null default 0, \`rejected\` bigint not null default 0);`);
    this.addSql(`create unique index \`api_key_secret_hash_unique\` on \`api_key\` (\`secret_hash\`);`);
  }

}
