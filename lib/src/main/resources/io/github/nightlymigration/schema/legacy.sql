-- CreativeQ's schema (Rails db/schema.rb at version 20180728012328), as PostgreSQL DDL.
-- Used to create demo and test databases; the migrator only reads this schema.
CREATE EXTENSION IF NOT EXISTS hstore;

CREATE TABLE users (
  id serial PRIMARY KEY,
  first_name varchar DEFAULT '',
  last_name varchar DEFAULT '',
  role varchar DEFAULT 'Unapproved',
  phone varchar DEFAULT '',
  flavor varchar DEFAULT '',
  created_at timestamp,
  updated_at timestamp,
  email varchar NOT NULL DEFAULT '',
  encrypted_password varchar NOT NULL DEFAULT '',
  reset_password_token varchar,
  reset_password_sent_at timestamp,
  remember_created_at timestamp,
  sign_in_count integer NOT NULL DEFAULT 0,
  current_sign_in_at timestamp,
  last_sign_in_at timestamp,
  current_sign_in_ip varchar,
  last_sign_in_ip varchar,
  send_emails boolean NOT NULL DEFAULT true,
  description text
);
CREATE UNIQUE INDEX index_users_on_email ON users (email);
CREATE UNIQUE INDEX index_users_on_reset_password_token ON users (reset_password_token);

CREATE TABLE organizations (
  id serial PRIMARY KEY,
  name varchar DEFAULT '',
  created_at timestamp,
  updated_at timestamp
);

CREATE TABLE assignments (
  id serial PRIMARY KEY,
  user_id integer,
  organization_id integer,
  role varchar DEFAULT 'Member',
  created_at timestamp,
  updated_at timestamp
);
CREATE INDEX index_assignments_on_user_id ON assignments (user_id);
CREATE INDEX index_assignments_on_organization_id ON assignments (organization_id);

CREATE TABLE orders (
  id serial PRIMARY KEY,
  name varchar DEFAULT '',
  due date,
  description text DEFAULT '',
  event hstore NOT NULL DEFAULT '',
  needs hstore NOT NULL DEFAULT '',
  status varchar DEFAULT 'Unapproved',
  owner_id integer,
  organization_id integer,
  creative_id integer,
  created_at timestamp,
  updated_at timestamp,
  type varchar,
  subscriptions integer[] NOT NULL DEFAULT '{}',
  progress varchar NOT NULL DEFAULT '',
  student_approval_id integer,
  advisor_approval_id integer,
  final_one_id integer,
  final_two_id integer,
  completed_at timestamp
);

CREATE TABLE comments (
  id serial PRIMARY KEY,
  user_id integer,
  order_id integer,
  message text DEFAULT '',
  created_at timestamp,
  updated_at timestamp,
  attachment_file_name varchar,
  attachment_content_type varchar,
  attachment_file_size integer,
  attachment_updated_at timestamp
);

CREATE TABLE notifications (
  id serial PRIMARY KEY,
  title varchar NOT NULL DEFAULT '',
  message text NOT NULL DEFAULT '',
  read boolean NOT NULL DEFAULT false,
  user_id integer,
  notable_id integer,
  notable_type varchar NOT NULL DEFAULT '',
  link_controller varchar NOT NULL DEFAULT '',
  link_action varchar NOT NULL DEFAULT '',
  created_at timestamp,
  updated_at timestamp
);
