import GRDB
import StorageKit

/// The archive database. Migrations are append-only: a released one is never edited.
enum ArchiveSchema {
    static func migrator() -> DatabaseMigrator {
        Migrations.migrator { migrator in
            migrator.registerMigration("archive-1") { db in
                try db.execute(sql: OrganisationCopy.tablesSQL)
                try db.execute(sql: """
                    -- Projections from accounts' events (schools, 院系, reviewers, the roster) and
                    -- esigning's (the effective destination, which suggests the receiving unit).
                    CREATE INDEX department_school ON department (school_code, name);
                    CREATE TABLE graduate (
                        id TEXT PRIMARY KEY,
                        school_code TEXT NOT NULL,
                        department TEXT NOT NULL,
                        major TEXT NOT NULL,
                        education_level TEXT NOT NULL,
                        name TEXT NOT NULL,
                        id_number TEXT NOT NULL,
                        student_number TEXT NOT NULL,
                        cohort INTEGER NOT NULL,
                        graduation_date TEXT NOT NULL,
                        -- 失效 (guide §4.6): the graduate left the roster; restored on re-upload.
                        removed INTEGER NOT NULL DEFAULT 0,
                        removed_reason TEXT NOT NULL DEFAULT '',
                        removed_at_ms INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX graduate_list ON graduate (school_code, removed, cohort, department, major, student_number);
                    CREATE INDEX graduate_id_number ON graduate (id_number);
                    CREATE TABLE destination (
                        graduate_id TEXT PRIMARY KEY,
                        school_code TEXT NOT NULL,
                        -- The agreement or the 去向登记 that made it effective (its end names it too).
                        source_id TEXT NOT NULL,
                        destination_code TEXT NOT NULL,
                        destination_name TEXT NOT NULL,
                        employer_name TEXT NOT NULL,
                        employer_region_code TEXT NOT NULL,
                        employer_address TEXT NOT NULL,
                        at_ms INTEGER NOT NULL
                    );

                    -- 登记设置 per school and 届别.
                    CREATE TABLE archive_settings (
                        school_code TEXT NOT NULL,
                        cohort INTEGER NOT NULL,
                        registration_open INTEGER NOT NULL,
                        review_mode TEXT NOT NULL CHECK (review_mode IN ('schoolOnly', 'departmentThenSchool')),
                        updated_at_ms INTEGER NOT NULL,
                        PRIMARY KEY (school_code, cohort)
                    );
                    -- The values in force (已登记), as ArchiveRecordValues' JSON; the 档案转递类型
                    -- beside them for the lists and statistics.
                    CREATE TABLE archive_record (
                        graduate_id TEXT PRIMARY KEY REFERENCES graduate(id),
                        school_code TEXT NOT NULL,
                        transfer_type TEXT NOT NULL,
                        record_values TEXT NOT NULL,
                        registered_at_ms INTEGER NOT NULL,
                        updated_at_ms INTEGER NOT NULL
                    );
                    -- 申请记录: each application with the values in force when it was submitted.
                    CREATE TABLE archive_application (
                        id TEXT PRIMARY KEY,
                        graduate_id TEXT NOT NULL REFERENCES graduate(id),
                        school_code TEXT NOT NULL,
                        status TEXT NOT NULL,
                        review_mode TEXT NOT NULL,
                        application_values TEXT NOT NULL,
                        previous_values TEXT,
                        submitted_at_ms INTEGER NOT NULL,
                        updated_at_ms INTEGER NOT NULL
                    );
                    CREATE INDEX archive_application_graduate ON archive_application (graduate_id, submitted_at_ms);
                    CREATE INDEX archive_application_status ON archive_application (school_code, status, submitted_at_ms);
                    -- The whole history per graduate: every application step and every direct edit
                    -- of the school (who, when, what changed, why).
                    CREATE TABLE archive_history (
                        id TEXT PRIMARY KEY,
                        graduate_id TEXT NOT NULL,
                        application_id TEXT,
                        action TEXT NOT NULL,
                        actor_id TEXT NOT NULL,
                        actor_name TEXT NOT NULL,
                        actor_kind TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        status_after TEXT NOT NULL,
                        changes TEXT NOT NULL,
                        at_ms INTEGER NOT NULL
                    );
                    CREATE INDEX archive_history_graduate ON archive_history (graduate_id, at_ms);
                    CREATE INDEX archive_history_application ON archive_history (application_id, at_ms);
                    """)
            }
        }
    }
}
