import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201230302 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "clientloop_session" drop constraint if exists "clientloop_session_payment_session_id_unique";`,
    );
    this.addSql(
      `alter table if exists "clientloop_event" drop constraint if exists "clientloop_event_event_id_unique";`,
    );
    this.addSql(
      `create table if not exists "clientloop_activity" ("id" text not null, "payment_session_id" text null, "clientloop_session_id" text null, "kind" text check ("kind" in ('session', 'delivery', 'cancel', 'link', 'order')) not null, "outcome" text not null, "detail" text null, "event_id" text null, "cart_id" text null, "recipient_key" text null, "client_key" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "clientloop_activity_pkey" primary key ("id"));`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_activity_deleted_at" ON "clientloop_activity" ("deleted_at") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_activity_payment_session_id" ON "clientloop_activity" ("payment_session_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_activity_kind_cart_id_created_at" ON "clientloop_activity" ("kind", "cart_id", "created_at") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_activity_kind_recipient_key_created_at" ON "clientloop_activity" ("kind", "recipient_key", "created_at") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_activity_kind_client_key_created_at" ON "clientloop_activity" ("kind", "client_key", "created_at") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_activity_kind_outcome_created_at" ON "clientloop_activity" ("kind", "outcome", "created_at") WHERE deleted_at IS NULL;`,
    );

    this.addSql(
      `create table if not exists "clientloop_event" ("id" text not null, "event_id" text not null, "type" text not null, "status" text not null, "payment_session_id" text not null, "clientloop_session_id" text not null, "amount" text not null, "currency_code" text not null, "clientloop_payment_id" text null, "occurred_at" timestamptz not null, "deliveries" integer not null default 1, "last_delivered_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "clientloop_event_pkey" primary key ("id"));`,
    );
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_clientloop_event_event_id_unique" ON "clientloop_event" ("event_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_event_deleted_at" ON "clientloop_event" ("deleted_at") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_event_payment_session_id" ON "clientloop_event" ("payment_session_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_event_clientloop_session_id" ON "clientloop_event" ("clientloop_session_id") WHERE deleted_at IS NULL;`,
    );

    this.addSql(
      `create table if not exists "clientloop_session" ("id" text not null, "payment_session_id" text not null, "clientloop_session_id" text null, "status" text check ("status" in ('creating', 'Active', 'Completed', 'Expired', 'Canceled')) not null default 'creating', "amount" text not null, "currency_code" text not null, "link" text null, "expires_at" timestamptz null, "cart_id" text null, "payment_collection_id" text null, "clientloop_payment_id" text null, "paid_amount" text null, "paid_currency_code" text null, "completed_at" timestamptz null, "superseded_at" timestamptz null, "cancel_state" text check ("cancel_state" in ('none', 'pending', 'confirmed', 'not_needed')) not null default 'none', "cancel_attempts" integer not null default 0, "cancel_next_at" timestamptz null, "cancel_error" text null, "order_state" text check ("order_state" in ('none', 'pending', 'placed', 'attention', 'resolved')) not null default 'none', "order_id" text null, "order_attempts" integer not null default 0, "order_next_at" timestamptz null, "order_error" text null, "attention_reason" text null, "resolution" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "clientloop_session_pkey" primary key ("id"));`,
    );
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_clientloop_session_payment_session_id_unique" ON "clientloop_session" ("payment_session_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_session_deleted_at" ON "clientloop_session" ("deleted_at") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_session_clientloop_session_id" ON "clientloop_session" ("clientloop_session_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_session_cart_id" ON "clientloop_session" ("cart_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_session_order_id" ON "clientloop_session" ("order_id") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_session_order_state_order_next_at" ON "clientloop_session" ("order_state", "order_next_at") WHERE deleted_at IS NULL;`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_clientloop_session_cancel_state_cancel_next_at" ON "clientloop_session" ("cancel_state", "cancel_next_at") WHERE deleted_at IS NULL;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "clientloop_activity" cascade;`);

    this.addSql(`drop table if exists "clientloop_event" cascade;`);

    this.addSql(`drop table if exists "clientloop_session" cascade;`);
  }
}
