//! The demo app: a coaching platform on Supabase, modelled on
//! `shared/seeds/000_01f3fc8515863c04.txt`. Used by `emit-sql`, the other examples and the
//! tests.
#![allow(dead_code)]

pub mod enums;
pub mod queries;
pub mod tables;

use enums::*;
use schemata::{ExternalFunction, ExternalTable, Schema, SqlType};
use tables::*;

/// The demo app's whole schema.
pub fn schema() -> Schema {
    Schema::builder()
        .enum_type::<UserRole>()
        .enum_type::<UserStatus>()
        .enum_type::<Language>()
        .enum_type::<SessionStatus>()
        .enum_type::<PrivacyLevel>()
        .enum_type::<FileCategory>()
        .enum_type::<FilePermission>()
        .enum_type::<ConversationType>()
        .enum_type::<MessageType>()
        .enum_type::<MessageStatus>()
        .enum_type::<NotificationType>()
        .enum_type::<MfaMethod>()
        .enum_type::<AuditAction>()
        .table::<User>()
        .table::<CoachAvailability>()
        .table::<Session>()
        .table::<CoachNote>()
        .table::<Reflection>()
        .table::<FileUpload>()
        .table::<FileShare>()
        .table::<Conversation>()
        .table::<ConversationParticipant>()
        .table::<Message>()
        .table::<Notification>()
        .table::<UserMfa>()
        .table::<MfaAttempt>()
        .table::<AuditLog>()
        // What Supabase provides and the app only uses.
        .add_external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
        .add_external_function(
            ExternalFunction::new("auth.uid", SqlType::Uuid).stand_in(
                "select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid",
            ),
        )
        .add_external_function(ExternalFunction::new("auth.jwt", SqlType::Jsonb).stand_in(
            "select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb",
        ))
        .add_external_role("authenticated")
        .build()
        .unwrap_or_else(|errors| panic!("{errors}"))
}
