import GRDB
import StorageKit

/// The accounts database: named, append-only migrations (never edit a shipped one).
enum AccountsSchema {
    static func migrator() -> DatabaseMigrator {
        Migrations.migrator { migrator in
            migrator.registerMigration("accounts-1") { db in
                try db.execute(sql: """
                    CREATE TABLE school (
                        code TEXT PRIMARY KEY CHECK (length(code) = 5),
                        name TEXT NOT NULL CHECK (name <> ''),
                        created_at_ms INTEGER NOT NULL
                    );
                    CREATE TABLE department (
                        id TEXT PRIMARY KEY,
                        school_code TEXT NOT NULL REFERENCES school(code),
                        name TEXT NOT NULL CHECK (name <> ''),
                        UNIQUE (school_code, name)
                    );
                    -- Every kind of account that signs in. login is the username (staff,
                    -- operator), 身份证号 (graduate) or 统一社会信用代码 (employer).
                    CREATE TABLE account (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL CHECK (kind IN ('platformOperator', 'staff', 'graduate', 'employer')),
                        school_code TEXT REFERENCES school(code),
                        login TEXT NOT NULL CHECK (login <> ''),
                        display_name TEXT NOT NULL,
                        role TEXT CHECK (role IN ('schoolAdmin', 'schoolOperator', 'departmentAdmin', 'departmentOperator')),
                        modules TEXT NOT NULL DEFAULT '',
                        department_id TEXT REFERENCES department(id),
                        password_hash TEXT NOT NULL,
                        enabled INTEGER NOT NULL DEFAULT 1,
                        must_change_password INTEGER NOT NULL DEFAULT 1,
                        created_at_ms INTEGER NOT NULL,
                        CHECK ((kind = 'staff') = (role IS NOT NULL)),
                        CHECK ((role IN ('departmentAdmin', 'departmentOperator')) = (department_id IS NOT NULL))
                    );
                    CREATE UNIQUE INDEX account_login ON account (kind, ifnull(school_code, ''), login);
                    CREATE TABLE refresh_token (
                        token_hash BLOB PRIMARY KEY,
                        account_id TEXT NOT NULL REFERENCES account(id),
                        expires_at_ms INTEGER NOT NULL,
                        revoked_at_ms INTEGER,
                        created_at_ms INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE sign_in_failure (
                        account_key TEXT NOT NULL,
                        at_ms INTEGER NOT NULL
                    );
                    CREATE INDEX sign_in_failure_key ON sign_in_failure (account_key, at_ms);
                    CREATE TABLE graduate (
                        id TEXT PRIMARY KEY,
                        school_code TEXT NOT NULL REFERENCES school(code),
                        department TEXT NOT NULL,
                        major TEXT NOT NULL,
                        education_level TEXT NOT NULL CHECK (education_level IN ('01', '11', '31', '41')),
                        candidate_number TEXT NOT NULL,
                        name TEXT NOT NULL,
                        id_number TEXT NOT NULL CHECK (length(id_number) = 18),
                        student_number TEXT NOT NULL,
                        gender TEXT NOT NULL CHECK (gender IN ('1', '2')),
                        cohort INTEGER NOT NULL,
                        graduation_date TEXT NOT NULL,
                        length_of_schooling TEXT NOT NULL,
                        training_mode TEXT NOT NULL CHECK (training_mode IN ('1', '2', '3')),
                        bound_unit TEXT NOT NULL,
                        origin_region TEXT NOT NULL,
                        mobile TEXT NOT NULL,
                        removed INTEGER NOT NULL DEFAULT 0,
                        created_at_ms INTEGER NOT NULL,
                        updated_at_ms INTEGER NOT NULL,
                        UNIQUE (school_code, id_number),
                        UNIQUE (school_code, student_number)
                    );
                    CREATE INDEX graduate_list ON graduate (school_code, removed, department, major);
                    """)
            }
            migrator.registerMigration("accounts-2-roster-changes") { db in
                try db.execute(sql: """
                    -- 培养方式修改记录: kept for good, one row per change.
                    CREATE TABLE training_mode_change (
                        id TEXT PRIMARY KEY,
                        graduate_id TEXT NOT NULL REFERENCES graduate(id),
                        school_code TEXT NOT NULL,
                        old_training_mode TEXT NOT NULL,
                        new_training_mode TEXT NOT NULL,
                        old_bound_unit TEXT NOT NULL,
                        new_bound_unit TEXT NOT NULL,
                        reason TEXT NOT NULL CHECK (reason <> ''),
                        changed_by TEXT NOT NULL,
                        changed_at_ms INTEGER NOT NULL
                    );
                    CREATE INDEX training_mode_change_school ON training_mode_change (school_code, changed_at_ms);
                    -- Why and by whom a graduate left the roster (the row itself stays).
                    ALTER TABLE graduate ADD COLUMN removed_reason TEXT NOT NULL DEFAULT '';
                    """)
            }
            migrator.registerMigration("accounts-3-captcha") { db in
                try db.execute(sql: """
                    CREATE TABLE captcha (
                        id TEXT PRIMARY KEY,
                        answer_hash BLOB NOT NULL,
                        expires_at_ms INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
            }
            migrator.registerMigration("accounts-4-api-keys") { db in
                try db.execute(sql: """
                    CREATE TABLE api_key (
                        id TEXT PRIMARY KEY,
                        school_code TEXT NOT NULL REFERENCES school(code),
                        name TEXT NOT NULL CHECK (name <> ''),
                        key_hash BLOB NOT NULL UNIQUE,
                        prefix TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        created_at_ms INTEGER NOT NULL,
                        revoked_at_ms INTEGER,
                        last_used_at_ms INTEGER
                    );
                    """)
            }
            migrator.registerMigration("accounts-5-department-reviewers") { db in
                try db.execute(sql: """
                    CREATE TABLE department_reviewer (
                        department_id TEXT NOT NULL REFERENCES department(id),
                        module TEXT NOT NULL,
                        account_id TEXT NOT NULL REFERENCES account(id),
                        PRIMARY KEY (department_id, module)
                    ) WITHOUT ROWID;
                    """)
            }
            migrator.registerMigration("accounts-6-employers") { db in
                try db.execute(sql: """
                    -- Uploaded files, content-addressed: the same scan uploaded twice is kept once.
                    CREATE TABLE attachment (
                        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
                        content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
                        size INTEGER NOT NULL CHECK (size > 0),
                        content BLOB NOT NULL,
                        created_at_ms INTEGER NOT NULL
                    );
                    -- 用人单位. The id is the employer's account id (account.kind = 'employer',
                    -- account.login = the credit code), where its password hash is kept.
                    CREATE TABLE employer (
                        id TEXT PRIMARY KEY REFERENCES account(id),
                        credit_code TEXT NOT NULL UNIQUE CHECK (length(credit_code) = 18),
                        name TEXT NOT NULL CHECK (name <> ''),
                        nature TEXT NOT NULL CHECK (nature IN ('10', '20', '21', '22', '23', '29', '31', '32', '39', '40', '55', '56')),
                        industry TEXT NOT NULL CHECK (length(industry) = 1 AND industry BETWEEN 'A' AND 'T'),
                        region_code TEXT NOT NULL CHECK (length(region_code) = 6),
                        address TEXT NOT NULL CHECK (address <> ''),
                        contact_name TEXT NOT NULL CHECK (contact_name <> ''),
                        contact_phone TEXT NOT NULL CHECK (contact_phone <> ''),
                        email TEXT NOT NULL CHECK (email <> ''),
                        licence_sha256 TEXT NOT NULL REFERENCES attachment(sha256),
                        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
                        reason TEXT NOT NULL DEFAULT '',
                        reviewer_id TEXT REFERENCES account(id),
                        registered_at_ms INTEGER NOT NULL,
                        reviewed_at_ms INTEGER,
                        updated_at_ms INTEGER NOT NULL,
                        CHECK ((status = 'rejected') = (reason <> ''))
                    );
                    CREATE INDEX employer_status ON employer (status, registered_at_ms);
                    """)
            }
            migrator.registerMigration("accounts-7-attempt-throttle") { db in
                try db.execute(sql: """
                    -- Failed sign-ins and graduate activations per account, per 身份证号 and per
                    -- client address, for the exponential back-off and the captcha rule; it
                    -- replaces sign_in_failure's 15-minute window.
                    CREATE TABLE attempt_throttle (
                        key TEXT PRIMARY KEY,
                        failures INTEGER NOT NULL CHECK (failures > 0),
                        locked_until_ms INTEGER NOT NULL,
                        forget_at_ms INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX attempt_throttle_forget ON attempt_throttle (forget_at_ms);
                    DROP TABLE sign_in_failure;
                    """)
            }
            migrator.registerMigration("accounts-8-sessions") { db in
                try db.execute(sql: """
                    -- A session: one sign-in and the refresh tokens it rotates through; access
                    -- tokens name it, so revoking it ends them all. Older tokens get a session each.
                    ALTER TABLE refresh_token ADD COLUMN session_id TEXT;
                    UPDATE refresh_token SET session_id = lower(hex(randomblob(16)));
                    CREATE INDEX refresh_token_session ON refresh_token (session_id);
                    CREATE INDEX refresh_token_account ON refresh_token (account_id, revoked_at_ms);
                    """)
            }
            migrator.registerMigration("accounts-9-password-resets") { db in
                try db.execute(sql: """
                    -- Every password reset, kept for good: whose, how, by whom, when, from where.
                    CREATE TABLE password_reset (
                        id TEXT PRIMARY KEY,
                        account_id TEXT NOT NULL REFERENCES account(id),
                        kind TEXT NOT NULL CHECK (kind IN ('graduateSelfService', 'employerByOperator', 'staffByAdmin')),
                        reset_by TEXT NOT NULL,
                        reset_by_name TEXT NOT NULL,
                        client_address TEXT NOT NULL,
                        at_ms INTEGER NOT NULL
                    );
                    CREATE INDEX password_reset_account ON password_reset (account_id, at_ms);
                    """)
            }
            migrator.registerMigration("accounts-10-roster-list-order") { db in
                try db.execute(sql: """
                    -- 学生名单 pages in the list's order (院系, 专业, 学号), with and without a 届别:
                    -- on a 20,000-graduate school a page read 20,000 rows and sorted them (60 ms).
                    DROP INDEX graduate_list;
                    CREATE INDEX graduate_list ON graduate (school_code, removed, department, major, student_number);
                    CREATE INDEX graduate_cohort_list ON graduate (school_code, removed, cohort, department, major, student_number);
                    """)
            }
            migrator.registerMigration("accounts-11-roster-import-jobs") { db in
                try db.execute(sql: """
                    -- A roster import being written in chunks (RosterImportJob): one per school at a
                    -- time; the request, file included, finishes it after a crash.
                    CREATE TABLE roster_import_job (
                        id TEXT PRIMARY KEY,
                        school_code TEXT NOT NULL UNIQUE REFERENCES school(code),
                        request BLOB NOT NULL,
                        changed_by TEXT NOT NULL,
                        total INTEGER NOT NULL,
                        written INTEGER NOT NULL,
                        started_at_ms INTEGER NOT NULL
                    );
                    -- Moved by every change of a school's roster or 院系 (RosterWrites).
                    CREATE TABLE roster_version (
                        school_code TEXT PRIMARY KEY REFERENCES school(code),
                        version INTEGER NOT NULL
                    );
                    """)
            }
        }
    }
}
