import GRDB
import StorageKit

/// The e-signing database. Migrations are append-only: a released one is never edited.
enum ESigningSchema {
    static func migrator() -> DatabaseMigrator {
        Migrations.migrator { migrator in
            migrator.registerMigration("esigning-1") { db in
                try db.execute(sql: """
                    -- Projections of the accounts service's data (from its events): what signing
                    -- needs to know about schools, 院系, reviewers, graduates and employers.
                    CREATE TABLE school (
                        code TEXT PRIMARY KEY,
                        name TEXT NOT NULL
                    );
                    CREATE TABLE department (
                        id TEXT PRIMARY KEY,
                        school_code TEXT NOT NULL,
                        name TEXT NOT NULL
                    );
                    CREATE TABLE department_reviewer (
                        department_id TEXT NOT NULL,
                        module TEXT NOT NULL,
                        account_id TEXT NOT NULL,
                        PRIMARY KEY (department_id, module)
                    );
                    CREATE TABLE graduate (
                        id TEXT PRIMARY KEY,
                        school_code TEXT NOT NULL,
                        department TEXT NOT NULL,
                        major TEXT NOT NULL,
                        education_level TEXT NOT NULL,
                        name TEXT NOT NULL,
                        id_number TEXT NOT NULL,
                        student_number TEXT NOT NULL,
                        gender TEXT NOT NULL,
                        cohort INTEGER NOT NULL,
                        graduation_date TEXT NOT NULL,
                        length_of_schooling TEXT NOT NULL,
                        training_mode TEXT NOT NULL,
                        bound_unit TEXT NOT NULL,
                        origin_region TEXT NOT NULL,
                        mobile TEXT NOT NULL,
                        removed INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX graduate_identity ON graduate (id_number, school_code);
                    CREATE TABLE employer (
                        id TEXT PRIMARY KEY,
                        credit_code TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        nature TEXT NOT NULL,
                        industry TEXT NOT NULL,
                        region_code TEXT NOT NULL,
                        address TEXT NOT NULL,
                        contact_name TEXT NOT NULL,
                        contact_phone TEXT NOT NULL,
                        email TEXT NOT NULL,
                        status TEXT NOT NULL
                    );

                    -- 签约设置 per school and 届别 (DOMAIN.md §3).
                    CREATE TABLE signing_settings (
                        school_code TEXT NOT NULL,
                        cohort INTEGER NOT NULL,
                        agreement_type TEXT NOT NULL CHECK (agreement_type IN ('twoParty', 'threeParty')),
                        signing_open INTEGER NOT NULL,
                        review_mode TEXT NOT NULL CHECK (review_mode IN ('schoolOnly', 'departmentThenSchool')),
                        max_response_days INTEGER NOT NULL CHECK (max_response_days BETWEEN 1 AND 30),
                        school_info BLOB NOT NULL,          -- graduate.esigning.v1.SchoolInfo
                        updated_at_ms INTEGER NOT NULL,
                        updated_by TEXT NOT NULL,
                        PRIMARY KEY (school_code, cohort)
                    );

                    -- One row per signing record of any flow. Roster fields that lists filter on
                    -- are copied in (and kept current by roster events) so lists need no join.
                    CREATE TABLE agreement (
                        id TEXT PRIMARY KEY,
                        school_code TEXT NOT NULL,
                        cohort INTEGER NOT NULL,
                        graduate_id TEXT NOT NULL,
                        employer_id TEXT,                    -- offers: the registered employer
                        flow TEXT NOT NULL,
                        status TEXT NOT NULL,
                        agreement_type TEXT NOT NULL,
                        number TEXT,
                        department TEXT NOT NULL,
                        major TEXT NOT NULL,
                        education_level TEXT NOT NULL,
                        graduate_name TEXT NOT NULL,
                        id_number TEXT NOT NULL,
                        student_number TEXT NOT NULL,
                        employer_name TEXT NOT NULL,
                        employer_credit_code TEXT NOT NULL,
                        content BLOB NOT NULL,               -- graduate.esigning.v1.AgreementContent
                        respond_by_ms INTEGER,
                        last_reason TEXT NOT NULL DEFAULT '',
                        created_at_ms INTEGER NOT NULL,
                        updated_at_ms INTEGER NOT NULL,
                        effective_at_ms INTEGER,
                        version INTEGER NOT NULL DEFAULT 1     -- +1 on every change
                    );
                    CREATE UNIQUE INDEX agreement_number ON agreement (school_code, number) WHERE number IS NOT NULL;
                    -- DOMAIN.md §4: at most one effective destination per graduate, and one open
                    -- offer per employer and graduate, held by the database as well as the code.
                    CREATE UNIQUE INDEX one_effective ON agreement (graduate_id) WHERE status IN ('effective', 'backRegistrationEffective');
                    CREATE UNIQUE INDEX one_open_offer ON agreement (employer_id, graduate_id) WHERE status = 'offered';
                    CREATE INDEX agreement_list ON agreement (school_code, cohort, status, updated_at_ms);
                    CREATE INDEX agreement_department ON agreement (school_code, department, status);
                    CREATE INDEX agreement_graduate ON agreement (graduate_id, status);
                    CREATE INDEX agreement_employer ON agreement (employer_id, updated_at_ms);
                    CREATE INDEX agreement_deadline ON agreement (respond_by_ms) WHERE status = 'offered';

                    -- The audit trail: every transition with actor, time and reason.
                    CREATE TABLE agreement_history (
                        id INTEGER PRIMARY KEY,
                        agreement_id TEXT NOT NULL REFERENCES agreement(id),
                        at_ms INTEGER NOT NULL,
                        actor_kind TEXT NOT NULL,
                        actor_id TEXT NOT NULL,
                        actor_name TEXT NOT NULL,
                        action TEXT NOT NULL,
                        from_status TEXT NOT NULL,
                        to_status TEXT NOT NULL,
                        reason TEXT NOT NULL
                    );
                    CREATE INDEX agreement_history_agreement ON agreement_history (agreement_id, id);

                    -- 协议编号 serials, per school (§6).
                    CREATE TABLE agreement_serial (
                        school_code TEXT PRIMARY KEY,
                        last_serial INTEGER NOT NULL
                    );

                    -- Every agreement PDF issued: its SHA-256 and the record version it shows
                    -- (PDFs are reproducible, so the bytes need not be kept to verify a copy).
                    CREATE TABLE agreement_pdf (
                        sha256 TEXT PRIMARY KEY,
                        agreement_id TEXT NOT NULL REFERENCES agreement(id),
                        record_version INTEGER NOT NULL,
                        issued_at_ms INTEGER NOT NULL
                    );
                    CREATE INDEX agreement_pdf_agreement ON agreement_pdf (agreement_id);

                    -- Uploaded scans, stored once by content (SHA-256).
                    CREATE TABLE attachment (
                        sha256 TEXT PRIMARY KEY,
                        content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
                        size INTEGER NOT NULL,
                        content BLOB NOT NULL,
                        uploaded_by TEXT NOT NULL,
                        uploaded_at_ms INTEGER NOT NULL
                    );
                    -- Others who uploaded the same bytes: each may link them to their own records.
                    CREATE TABLE attachment_upload (
                        sha256 TEXT NOT NULL REFERENCES attachment(sha256),
                        uploaded_by TEXT NOT NULL,
                        uploaded_at_ms INTEGER NOT NULL,
                        PRIMARY KEY (sha256, uploaded_by)
                    );
                    CREATE TABLE agreement_attachment (
                        agreement_id TEXT NOT NULL REFERENCES agreement(id),
                        sha256 TEXT NOT NULL REFERENCES attachment(sha256),
                        kind TEXT NOT NULL CHECK (kind IN ('signedAgreement', 'paperAgreement')),
                        uploaded_at_ms INTEGER NOT NULL
                    );
                    CREATE INDEX agreement_attachment_agreement ON agreement_attachment (agreement_id);
                    """)
            }
            migrator.registerMigration("esigning-2-invalid-records-and-reminders") { db in
                try db.execute(sql: """
                    -- 失效 (§4.7): set when the graduate leaves the roster, cleared when they return.
                    ALTER TABLE agreement ADD COLUMN invalidated_at_ms INTEGER;
                    ALTER TABLE agreement ADD COLUMN invalid_reason TEXT NOT NULL DEFAULT '';
                    -- The "offer about to expire" reminder is sent once per offer.
                    ALTER TABLE agreement ADD COLUMN expiry_reminded INTEGER NOT NULL DEFAULT 0;
                    """)
            }
            migrator.registerMigration("esigning-3-list-order") { db in
                // The staff list pages newest first within a school and 届别 without sorting the 届别.
                try db.execute(sql: """
                    CREATE INDEX agreement_recent ON agreement (school_code, cohort, updated_at_ms DESC, id);
                    CREATE INDEX agreement_department_recent ON agreement (school_code, department, cohort, updated_at_ms DESC, id);
                    """)
            }
            migrator.registerMigration("esigning-4-terminations-destinations-warnings") { db in
                try db.execute(sql: """
                    -- 解约 (§4.4, §4.5): one row per termination of an effective agreement. The
                    -- agreement stays effective until it is approved or forced. Roster and employer
                    -- fields are copied in for the lists, as in agreement.
                    CREATE TABLE termination (
                        id TEXT PRIMARY KEY,
                        agreement_id TEXT NOT NULL REFERENCES agreement(id),
                        school_code TEXT NOT NULL,
                        cohort INTEGER NOT NULL,
                        graduate_id TEXT NOT NULL,
                        employer_id TEXT,
                        kind TEXT NOT NULL CHECK (kind IN ('online', 'offline')),
                        initiator TEXT NOT NULL CHECK (initiator IN ('graduate', 'employer', 'school')),
                        status TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        last_reason TEXT NOT NULL DEFAULT '',
                        department TEXT NOT NULL,
                        major TEXT NOT NULL,
                        education_level TEXT NOT NULL,
                        graduate_name TEXT NOT NULL,
                        id_number TEXT NOT NULL,
                        student_number TEXT NOT NULL,
                        employer_name TEXT NOT NULL,
                        employer_credit_code TEXT NOT NULL,
                        agreement_number TEXT NOT NULL,
                        created_at_ms INTEGER NOT NULL,
                        updated_at_ms INTEGER NOT NULL,
                        invalidated_at_ms INTEGER,
                        invalid_reason TEXT NOT NULL DEFAULT ''
                    );
                    -- One termination under way per agreement (closed: refused by the other party,
                    -- approved, forced, and an online one refused in review).
                    CREATE UNIQUE INDEX one_open_termination ON termination (agreement_id)
                        WHERE status NOT IN ('counterpartyRefused', 'approved', 'forced') AND NOT (kind = 'online' AND status = 'rejected');
                    CREATE INDEX termination_recent ON termination (school_code, cohort, updated_at_ms DESC, id);
                    CREATE INDEX termination_statistics ON termination (school_code, cohort, department, status) WHERE invalidated_at_ms IS NULL;
                    CREATE INDEX termination_graduate ON termination (graduate_id);
                    CREATE INDEX termination_employer ON termination (employer_id, updated_at_ms);

                    -- 其他毕业去向信息登记 (§4.6): the category's fields as JSON.
                    CREATE TABLE destination_registration (
                        id TEXT PRIMARY KEY,
                        school_code TEXT NOT NULL,
                        cohort INTEGER NOT NULL,
                        graduate_id TEXT NOT NULL,
                        category TEXT NOT NULL,
                        fields TEXT NOT NULL,
                        summary TEXT NOT NULL,
                        status TEXT NOT NULL,
                        registered_by TEXT NOT NULL CHECK (registered_by IN ('graduate', 'school')),
                        bound_unit INTEGER NOT NULL DEFAULT 0,
                        department TEXT NOT NULL,
                        major TEXT NOT NULL,
                        education_level TEXT NOT NULL,
                        graduate_name TEXT NOT NULL,
                        id_number TEXT NOT NULL,
                        student_number TEXT NOT NULL,
                        last_reason TEXT NOT NULL DEFAULT '',
                        created_at_ms INTEGER NOT NULL,
                        updated_at_ms INTEGER NOT NULL,
                        effective_at_ms INTEGER,
                        invalidated_at_ms INTEGER,
                        invalid_reason TEXT NOT NULL DEFAULT ''
                    );
                    CREATE UNIQUE INDEX one_effective_registration ON destination_registration (graduate_id)
                        WHERE status IN ('approved', 'voidRequestAwaitingDepartment', 'voidRequestAwaitingSchool');
                    CREATE UNIQUE INDEX one_open_registration ON destination_registration (graduate_id)
                        WHERE status IN ('awaitingDepartment', 'awaitingSchool', 'rejected');
                    CREATE INDEX registration_graduate ON destination_registration (graduate_id);
                    CREATE INDEX registration_recent ON destination_registration (school_code, cohort, updated_at_ms DESC, id);
                    CREATE INDEX registration_statistics ON destination_registration (school_code, cohort, department, status, category)
                        WHERE invalidated_at_ms IS NULL;

                    -- One effective destination per graduate across agreements and registrations
                    -- (§4), held by the database as well as the code.
                    CREATE TRIGGER registration_needs_free_graduate BEFORE UPDATE OF status ON destination_registration
                    WHEN NEW.status IN ('approved', 'voidRequestAwaitingDepartment', 'voidRequestAwaitingSchool')
                     AND OLD.status NOT IN ('approved', 'voidRequestAwaitingDepartment', 'voidRequestAwaitingSchool')
                     AND EXISTS (SELECT 1 FROM agreement WHERE graduate_id = NEW.graduate_id AND status IN ('effective', 'backRegistrationEffective'))
                    BEGIN SELECT RAISE(ABORT, 'graduate already has an effective destination'); END;
                    CREATE TRIGGER registration_insert_needs_free_graduate BEFORE INSERT ON destination_registration
                    WHEN NEW.status = 'approved'
                     AND EXISTS (SELECT 1 FROM agreement WHERE graduate_id = NEW.graduate_id AND status IN ('effective', 'backRegistrationEffective'))
                    BEGIN SELECT RAISE(ABORT, 'graduate already has an effective destination'); END;
                    CREATE TRIGGER agreement_needs_free_graduate BEFORE UPDATE OF status ON agreement
                    WHEN NEW.status IN ('effective', 'backRegistrationEffective') AND OLD.status NOT IN ('effective', 'backRegistrationEffective')
                     AND EXISTS (SELECT 1 FROM destination_registration WHERE graduate_id = NEW.graduate_id
                                 AND status IN ('approved', 'voidRequestAwaitingDepartment', 'voidRequestAwaitingSchool'))
                    BEGIN SELECT RAISE(ABORT, 'graduate already has an effective destination'); END;

                    -- The audit trail and the proofs of terminations and registrations (agreements
                    -- keep their own tables from esigning-1).
                    CREATE TABLE record_history (
                        id INTEGER PRIMARY KEY,
                        record_id TEXT NOT NULL,
                        at_ms INTEGER NOT NULL,
                        actor_kind TEXT NOT NULL,
                        actor_id TEXT NOT NULL,
                        actor_name TEXT NOT NULL,
                        action TEXT NOT NULL,
                        action_name TEXT NOT NULL,
                        from_status TEXT NOT NULL,
                        to_status TEXT NOT NULL,
                        to_status_name TEXT NOT NULL,
                        reason TEXT NOT NULL
                    );
                    CREATE INDEX record_history_record ON record_history (record_id, id);
                    CREATE TABLE record_attachment (
                        record_id TEXT NOT NULL,
                        sha256 TEXT NOT NULL REFERENCES attachment(sha256),
                        kind TEXT NOT NULL CHECK (kind IN ('terminationProof', 'destinationProof')),
                        uploaded_at_ms INTEGER NOT NULL
                    );
                    CREATE INDEX record_attachment_record ON record_attachment (record_id);

                    -- 预警单位 (§4.8): each school's list; a removed entry is kept with who removed it.
                    CREATE TABLE warning_employer (
                        id INTEGER PRIMARY KEY,
                        school_code TEXT NOT NULL,
                        credit_code TEXT NOT NULL,
                        employer_name TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        added_by TEXT NOT NULL,
                        added_by_name TEXT NOT NULL,
                        added_at_ms INTEGER NOT NULL,
                        removed_by TEXT,
                        removed_at_ms INTEGER
                    );
                    CREATE UNIQUE INDEX warning_listed ON warning_employer (school_code, credit_code) WHERE removed_at_ms IS NULL;
                    CREATE INDEX warning_credit_code ON warning_employer (credit_code) WHERE removed_at_ms IS NULL;

                    -- 数据统计 (§8) reads these by 院系 without touching the rows.
                    CREATE INDEX agreement_statistics ON agreement (school_code, cohort, department, flow, status) WHERE invalidated_at_ms IS NULL;
                    CREATE INDEX graduate_statistics ON graduate (school_code, cohort, department) WHERE removed = 0;
                    """)
            }
        }
    }
}
