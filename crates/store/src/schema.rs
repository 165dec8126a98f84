// Written by hand to match migrations/postgres and migrations/sqlite, which hold the same schema.
// Only SQL types that diesel's MultiBackend maps on both databases appear here.

diesel::table! {
    provinces (code) {
        code -> Integer,
        name -> Text,
        unit_type -> Text,
        valid_from -> Text,
    }
}

diesel::table! {
    communes (code) {
        code -> Integer,
        province_code -> Integer,
        name -> Text,
        unit_type -> Text,
        name_folded -> Text,
        valid_from -> Text,
    }
}

diesel::table! {
    agencies (id) {
        id -> Text,
        code -> Text,
        kind -> Text,
        name -> Text,
        province_code -> Nullable<Integer>,
        commune_code -> Nullable<Integer>,
        email -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        edited_by -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        password_hash -> Text,
        role -> Text,
        agency_id -> Nullable<Text>,
        active -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        email -> Nullable<Text>,
    }
}

diesel::table! {
    case_number_sequences (province_code, year) {
        province_code -> Integer,
        year -> Integer,
        last_value -> BigInt,
    }
}

diesel::table! {
    cases (id) {
        id -> Text,
        case_number -> Text,
        province_code -> Integer,
        commune_code -> Integer,
        place_detail -> Nullable<Text>,
        status -> Text,
        risk_level -> Nullable<Text>,
        emergency -> Bool,
        received_at -> Timestamp,
        opened_by -> Text,
        opened_by_agency -> Text,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        routing -> Nullable<Text>,
        action_due_at -> Nullable<Timestamp>,
        plan_due_at -> Nullable<Timestamp>,
        approval_due_at -> Nullable<Timestamp>,
        duplicate_of -> Nullable<Text>,
        plan_cycle -> Integer,
        abuse_setting -> Nullable<Text>,
        legal_outcome -> Nullable<Text>,
        erased_at -> Nullable<Timestamp>,
        manager_id -> Nullable<Text>,
        received_province_code -> Integer,
        received_commune_code -> Integer,
    }
}

diesel::table! {
    case_categories (case_id, category) {
        case_id -> Text,
        category -> Text,
    }
}

diesel::table! {
    case_children (id) {
        id -> Text,
        case_id -> Text,
        position -> Integer,
        name -> Nullable<Text>,
        birth_year -> Nullable<Integer>,
        age_estimate -> Nullable<Integer>,
        sex -> Nullable<Text>,
        current_location -> Nullable<Text>,
        name_folded -> Nullable<Text>,
        ethnicity -> Nullable<Text>,
        disability -> Nullable<Bool>,
        birth_date -> Nullable<Date>,
        birth_date_sealed -> Nullable<Text>,
        age_on_receipt -> Nullable<Integer>,
        name_key -> Nullable<Text>,
    }
}

diesel::table! {
    /// The keys personal fields are sealed under, each wrapped by the master key.
    vault_keys (id) {
        id -> Integer,
        purpose -> Text,
        wrapped -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    case_sexual_subtypes (case_id, subtype) {
        case_id -> Text,
        subtype -> Text,
    }
}

diesel::table! {
    case_perpetrators (id) {
        id -> Text,
        case_id -> Text,
        position -> Integer,
        relation -> Text,
        sex -> Nullable<Text>,
        age_band -> Nullable<Text>,
        adult -> Nullable<Bool>,
        known_to_police -> Nullable<Bool>,
        description -> Nullable<Text>,
        recorded_by -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    case_services (id) {
        id -> Text,
        case_id -> Text,
        position -> Integer,
        child_id -> Nullable<Text>,
        service -> Text,
        provided_on -> Date,
        provider -> Nullable<Text>,
        recorded_by -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        case_id -> Nullable<Text>,
        channel -> Text,
        contact_type -> Text,
        received_at -> Timestamp,
        recorded_at -> Timestamp,
        recorded_by -> Nullable<Text>,
        agency_id -> Nullable<Text>,
        province_code -> Nullable<Integer>,
        commune_code -> Nullable<Integer>,
        place_detail -> Nullable<Text>,
        categories -> Text,
        emergency -> Bool,
        risk_level -> Nullable<Text>,
        informant_consent -> Bool,
        informant_name -> Nullable<Text>,
        informant_phone -> Nullable<Text>,
        informant_relation -> Nullable<Text>,
        narrative -> Nullable<Text>,
        online -> Nullable<Text>,
        informant_handle -> Nullable<Text>,
        caller_type -> Nullable<Text>,
        caller_sex -> Nullable<Text>,
        caller_age_band -> Nullable<Text>,
        erased_at -> Nullable<Timestamp>,
        online_sealed -> Nullable<Text>,
    }
}

diesel::table! {
    case_transfers (id) {
        id -> Text,
        case_id -> Text,
        from_province_code -> Integer,
        from_commune_code -> Integer,
        to_province_code -> Integer,
        to_commune_code -> Integer,
        status -> Text,
        reason -> Text,
        proposed_by -> Text,
        proposed_at -> Timestamp,
        due_at -> Timestamp,
        answer_reason -> Nullable<Text>,
        answered_by -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        escalated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    case_events (id) {
        id -> Text,
        case_id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        body -> Nullable<Text>,
    }
}

diesel::table! {
    idempotency_keys (user_id, idem_key) {
        user_id -> Text,
        idem_key -> Text,
        request_hash -> Text,
        status_code -> Integer,
        response_body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    case_evidence (id) {
        id -> Text,
        case_id -> Text,
        report_id -> Text,
        kind -> Text,
        value -> Text,
        platform -> Nullable<Text>,
        created_at -> Timestamp,
        value_key -> Nullable<Text>,
    }
}

diesel::table! {
    contact_fingerprints (report_id, kind, digest) {
        report_id -> Text,
        kind -> Text,
        digest -> Text,
        received_at -> Timestamp,
    }
}

diesel::table! {
    public_reports (code_sha256) {
        code_sha256 -> Text,
        report_id -> Text,
        case_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Every version of every step record of a case (Decree 56 forms Mẫu 02–06).
    case_steps (id) {
        id -> Text,
        case_id -> Text,
        step -> Text,
        cycle -> Integer,
        round -> Integer,
        version -> Integer,
        body -> Text,
        plan_state -> Nullable<Text>,
        note -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    /// The deadlines of a case's work, each pending, met, breached or cancelled.
    case_deadlines (id) {
        id -> Text,
        case_id -> Text,
        kind -> Text,
        cycle -> Integer,
        round -> Integer,
        due_at -> Timestamp,
        state -> Text,
        met_at -> Nullable<Timestamp>,
        breached_at -> Nullable<Timestamp>,
        escalated_to -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(communes -> provinces (province_code));
diesel::joinable!(users -> agencies (agency_id));
diesel::joinable!(cases -> users (manager_id));
diesel::joinable!(case_children -> cases (case_id));
diesel::joinable!(case_categories -> cases (case_id));
diesel::joinable!(case_events -> cases (case_id));
diesel::joinable!(case_transfers -> cases (case_id));
diesel::joinable!(reports -> cases (case_id));
diesel::joinable!(referrals -> cases (case_id));
diesel::joinable!(referrals -> agencies (agency_id));
diesel::joinable!(case_steps -> cases (case_id));
diesel::joinable!(case_deadlines -> cases (case_id));

diesel::table! {
    referrals (id) {
        id -> Text,
        case_id -> Text,
        case_province_code -> Integer,
        case_commune_code -> Integer,
        agency_id -> Text,
        status -> Text,
        reason -> Text,
        rules -> Text,
        emergency -> Bool,
        created_at -> Timestamp,
        created_by -> Nullable<Text>,
        due_at -> Timestamp,
        acknowledged_at -> Nullable<Timestamp>,
        accepted_at -> Nullable<Timestamp>,
        declined_at -> Nullable<Timestamp>,
        decline_reason -> Nullable<Text>,
        completed_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
        replaced_by -> Nullable<Text>,
        escalated_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        consent -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        kind -> Text,
        case_id -> Nullable<Text>,
        referral_id -> Nullable<Text>,
        agency_id -> Nullable<Text>,
        recipient -> Text,
        payload -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        failed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    ack_links_used (outbox_id) {
        outbox_id -> Text,
        referral_id -> Text,
        used_at -> Timestamp,
    }
}

diesel::table! {
    console_sessions (id_hash) {
        id_hash -> Text,
        user_id -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        client_ip -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    provinces,
    case_transfers,
    communes,
    agencies,
    users,
    case_number_sequences,
    cases,
    case_categories,
    case_children,
    reports,
    case_events,
    idempotency_keys,
    audit_entries,
    audit_entry_cases,
    audit_seals,
    referrals,
    outbox,
    ack_links_used,
    case_evidence,
    contact_fingerprints,
    public_reports,
    case_steps,
    case_deadlines,
    case_sexual_subtypes,
    case_perpetrators,
    case_services,
    console_sessions,
    case_search_terms,
    store_backfills,
    vault_keys,
);

diesel::table! {
    /// Which cases each audit entry concerns (an index of the log).
    audit_entry_cases (case_id, seq) {
        case_id -> Text,
        seq -> BigInt,
    }
}

diesel::table! {
    audit_entries (seq) {
        seq -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor -> Nullable<Text>,
        role -> Nullable<Text>,
        action -> Text,
        entity -> Nullable<Text>,
        entity_id -> Nullable<Text>,
        province_code -> Nullable<Integer>,
        commune_code -> Nullable<Integer>,
        ip -> Nullable<Text>,
        detail -> Text,
    }
}

diesel::table! {
    audit_seals (seal_no) {
        seal_no -> BigInt,
        first_seq -> BigInt,
        last_seq -> BigInt,
        entry_count -> BigInt,
        prev_hash -> Text,
        hash -> Text,
        sealed_at -> Timestamp,
        sealed_by -> Text,
        entry_digests -> Text,
        keyed -> Bool,
    }
}

diesel::table! {
    /// The case search index: keyed hashes of the folded words of a case's number, places
    /// and children's names, and of their beginnings.
    case_search_terms (term, case_id) {
        term -> Binary,
        case_id -> Text,
        /// The case's receipt time, so that a word's cases are read newest first.
        received_at -> Timestamp,
    }
}

diesel::table! {
    /// One-off work done at start on data written before a change.
    store_backfills (name) {
        name -> Text,
        done_at -> Timestamp,
    }
}

diesel::joinable!(case_search_terms -> cases (case_id));

diesel::table! {
    /// What the bodies the plan names did against its items.
    plan_activities (id) {
        id -> Text,
        agency_id -> Text,
        province_code -> Integer,
        commune_code -> Nullable<Integer>,
        item -> Text,
        kind -> Text,
        held_on -> Date,
        title -> Text,
        audience -> Nullable<Text>,
        quantity -> Integer,
        reach -> Nullable<Integer>,
        link -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    /// Reminders of a report's due date already queued.
    report_reminders (period_code, year, agency_id) {
        period_code -> Text,
        year -> Integer,
        agency_id -> Text,
        queued_at -> Timestamp,
    }
}

diesel::joinable!(plan_activities -> agencies (agency_id));
diesel::allow_tables_to_appear_in_same_query!(plan_activities, agencies);
diesel::allow_tables_to_appear_in_same_query!(report_reminders, agencies);

diesel::table! {
    /// Every figure as counts per day: per commune, per province (commune 0), for the nation
    /// (province 0).
    figure_counts (province_code, commune_code, figure, day, key) {
        province_code -> Integer,
        commune_code -> Integer,
        figure -> Text,
        day -> Date,
        key -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    /// The province's days whose counts a change has made stale.
    figure_dirty (id) {
        id -> BigInt,
        province_code -> Integer,
        day -> Date,
    }
}

diesel::table! {
    case_holds (id) {
        id -> Text,
        case_id -> Text,
        reason -> Text,
        placed_at -> Timestamp,
        placed_by -> Text,
        lifted_at -> Nullable<Timestamp>,
        lifted_by -> Nullable<Text>,
    }
}

diesel::table! {
    field_versions (id) {
        id -> Text,
        case_id -> Text,
        entity -> Text,
        entity_id -> Text,
        field -> Text,
        previous -> Nullable<Text>,
        reason -> Text,
        changed_at -> Timestamp,
        changed_by -> Text,
    }
}

diesel::joinable!(case_holds -> cases (case_id));
diesel::joinable!(field_versions -> cases (case_id));
diesel::allow_tables_to_appear_in_same_query!(case_holds, cases);
diesel::allow_tables_to_appear_in_same_query!(case_holds, users);
diesel::allow_tables_to_appear_in_same_query!(field_versions, cases);
diesel::allow_tables_to_appear_in_same_query!(field_versions, users);

diesel::table! {
    /// Where the last verifications of the audit chain got to.
    audit_checkpoints (seal_no) {
        seal_no -> BigInt,
        hash -> Text,
        sealed_through -> BigInt,
        sealed_at -> Timestamp,
        keyed -> Bool,
        unkeyed_seals -> BigInt,
        verified_at -> Timestamp,
        mac -> Text,
        entries_sealed -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// The papers of a case; `title` and `file_key` are sealed.
    case_documents (id) {
        id -> Text,
        case_id -> Text,
        step -> Nullable<Text>,
        referral_id -> Nullable<Text>,
        kind -> Text,
        title -> Text,
        dated -> Date,
        media_type -> Text,
        size -> BigInt,
        chunks -> Integer,
        scanned_paper -> Bool,
        file_key -> Nullable<Text>,
        added_by -> Text,
        added_at -> Timestamp,
        erased_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// A document's sealed bytes, in order.
    document_chunks (document_id, seq) {
        document_id -> Text,
        seq -> Integer,
        body -> Binary,
    }
}

diesel::joinable!(case_documents -> cases (case_id));
diesel::joinable!(case_documents -> users (added_by));
diesel::joinable!(document_chunks -> case_documents (document_id));
diesel::allow_tables_to_appear_in_same_query!(case_documents, cases);
diesel::allow_tables_to_appear_in_same_query!(case_documents, users);
diesel::allow_tables_to_appear_in_same_query!(case_documents, document_chunks);

diesel::table! {
    /// Machines that call the API on their own, each through its own account (`user_id`).
    api_clients (id) {
        id -> Text,
        name -> Text,
        user_id -> Text,
        permissions -> Text,
        created_at -> Timestamp,
        created_by -> Text,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// A client's secrets, as their SHA-256.
    api_client_secrets (id) {
        id -> Text,
        client_id -> Text,
        hash -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(api_client_secrets -> api_clients (client_id));
diesel::allow_tables_to_appear_in_same_query!(api_clients, api_client_secrets);
diesel::allow_tables_to_appear_in_same_query!(api_clients, users);

diesel::table! {
    /// An address a machine client has subscribed to events about its reports' cases; the
    /// signing secret sealed.
    webhook_subscriptions (id) {
        id -> Text,
        client_id -> Text,
        url -> Text,
        events -> Text,
        secret -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// One event to deliver to one subscription, in `seq` order per case.
    webhook_deliveries (seq) {
        seq -> BigInt,
        id -> Text,
        subscription_id -> Text,
        case_id -> Text,
        event_type -> Text,
        payload -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        delivered_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        replayed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::joinable!(webhook_subscriptions -> api_clients (client_id));
diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::allow_tables_to_appear_in_same_query!(webhook_subscriptions, api_clients);
diesel::allow_tables_to_appear_in_same_query!(webhook_subscriptions, webhook_deliveries);
diesel::allow_tables_to_appear_in_same_query!(webhook_subscriptions, reports);
diesel::allow_tables_to_appear_in_same_query!(api_clients, reports);

diesel::table! {
    /// A case imported from a past register, and the register's row it came from.
    case_imports (case_id) {
        case_id -> Text,
        source_key -> Text,
        imported_by -> Text,
        imported_at -> Timestamp,
    }
}

diesel::joinable!(case_imports -> cases (case_id));
diesel::allow_tables_to_appear_in_same_query!(case_imports, cases);

diesel::table! {
    /// A register's row whose old commune was divided, waiting for a department officer to
    /// place it in one of the 2025 communes `among`; its row sealed in `payload`.
    import_holds (id) {
        id -> Text,
        source_key -> Text,
        row_number -> Integer,
        province_code -> Integer,
        old_code -> Text,
        old_name -> Text,
        old_district -> Text,
        among -> Text,
        received_at -> Timestamp,
        payload -> Text,
        held_at -> Timestamp,
        placed_case_id -> Nullable<Text>,
        placed_by -> Nullable<Text>,
        placed_at -> Nullable<Timestamp>,
    }
}
