//! Expansion snapshots: what the derives generate for representative inputs, pretty-printed.

use crate::{derive_function_inner, derive_pg_enum_inner, derive_table_inner, derive_view_inner};
use proc_macro2::TokenStream;
use quote::quote;

fn pretty(tokens: TokenStream) -> String {
    let mut file: syn::File = syn::parse2(tokens).expect("parses as items");
    show_gated(&mut file.items);
    prettyplease::unparse(&file)
}

/// prettyplease leaves macro bodies on long lines. The items under the feature gates
/// (`schemata::__private::if_query! { ... }`, `if_postgres!`) are shown as a module of that
/// name instead, so that they are formatted too; the real expansion keeps the macro call.
fn show_gated(items: &mut [syn::Item]) {
    for item in items {
        match item {
            syn::Item::Macro(call) => {
                let Some(gate) = call.mac.path.segments.last().map(|s| s.ident.clone()) else {
                    continue;
                };
                if gate != "if_query" && gate != "if_postgres" {
                    continue;
                }
                let mut inner: syn::File =
                    syn::parse2(call.mac.tokens.clone()).expect("gated code parses as items");
                show_gated(&mut inner.items);
                let inner = inner.items;
                *item = syn::parse_quote!(mod #gate { #(#inner)* });
            }
            syn::Item::Const(constant) => {
                if let syn::Expr::Block(block) = &mut *constant.expr {
                    for statement in &mut block.block.stmts {
                        match statement {
                            syn::Stmt::Item(item) => show_gated(std::slice::from_mut(item)),
                            syn::Stmt::Macro(call) => {
                                let item = syn::Item::Macro(syn::ItemMacro {
                                    attrs: call.attrs.clone(),
                                    ident: None,
                                    mac: call.mac.clone(),
                                    semi_token: call.semi_token,
                                });
                                let mut items = [item];
                                show_gated(&mut items);
                                let [item] = items;
                                *statement = syn::Stmt::Item(item);
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// The snapshot shows the input, then what it expands to.
fn snapshot(name: &str, derive: fn(TokenStream) -> TokenStream, input: TokenStream) {
    let text = format!(
        "{}// ---- expands to ----\n\n{}",
        pretty(input.clone()),
        pretty(derive(input))
    );
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn minimal_table() {
    snapshot(
        "minimal_table",
        derive_table_inner,
        quote! {
            struct UserProfile {
                id: i64,
                display_name: Option<String>,
            }
        },
    );
}

#[test]
fn table_with_every_attribute() {
    snapshot(
        "table_with_every_attribute",
        derive_table_inner,
        quote! {
            /// A coaching session.
            ///
            /// One per booking.
            #[table(name = "sessions", schema = "app", force_rls, renamed_from = "bookings")]
            #[table(unique(coach_id, starts_at, name = "one_session_per_slot", comment = "a coach is in one place"))]
            #[table(check(name = "ends_after_start", expr = "ends_at > starts_at", comment = "no empty sessions"))]
            #[table(foreign_key(columns(org_id, coach_id), references = "app.members(org_id, user_id)",
                                on_delete = "cascade", deferrable, initially_deferred, comment = "coaches are members"))]
            #[index(on(coach_id, starts_at(desc, nulls_last)), include(title), where = "cancelled_at IS NULL")]
            #[index(name = "sessions_title_search", method = "gin",
                    on(expr("to_tsvector('english', title)"), title(opclass = "gin_trgm_ops")))]
            #[policy(name = "coach_reads_own", command = "select", roles(authenticated, "service_role"),
                     using = "coach_id = auth.uid()")]
            #[policy(name = "no_past_inserts", command = "insert", restrictive,
                     with_check = "starts_at > now()", comment = "bookings are for the future")]
            struct Session {
                #[column(primary_key, default = "gen_random_uuid()")]
                id: Uuid,
                #[column(references = Org, on_delete = "restrict")]
                org_id: Uuid,
                #[column(references = "auth.users(id)", on_update = "set_null")]
                coach_id: Option<Uuid>,
                /// When it starts.
                #[column(name = "startsAt")]
                starts_at: DateTime<Utc>,
                ends_at: DateTime<Utc>,
                #[column(sql_type = "varchar(120)", unique, check = "title <> ''", renamed_from = "name",
                         storage = "external", compression = "pglz", statistics = 500, n_distinct = -0.5,
                         n_distinct_inherited = 1000)]
                title: Option<Title>,
                #[column(default_value = -1)]
                rank: i32,
                #[column(default_value = "draft")]
                state: String,
                #[column(default_value = 2.5, check = "price >= 0")]
                price: f64,
                #[column(default_value = false)]
                archived: bool,
                #[column(identity = "always")]
                seq: i64,
                #[column(generated = "price * 2")]
                double_price: f64,
                cancelled_at: Option<DateTime<Utc>>,
                #[column(skip)]
                cache: Vec<u8>,
            }
        },
    );
}

#[test]
fn table_level_primary_key_and_identity() {
    snapshot(
        "table_level_primary_key_and_identity",
        derive_table_inner,
        quote! {
            #[table(primary_key(org_id, r#type, name = "memberships_pk"), rls)]
            struct Membership {
                org_id: Uuid,
                r#type: Kind,
                #[column(identity)]
                position: i32,
            }
        },
    );
}

#[test]
fn pg_enum() {
    snapshot(
        "pg_enum",
        derive_pg_enum_inner,
        quote! {
            /// Where a session stands.
            #[pg_enum(name = "status", schema = "app", rename_all = "SCREAMING_SNAKE_CASE",
                      renamed_from = "session_status")]
            enum SessionStatus {
                Scheduled,
                /// Cancelled by the coach.
                #[pg_enum(label = "called_off", renamed_from = "CANCELLED")]
                Cancelled,
                InProgress,
            }
        },
    );
}

#[test]
fn errors_come_with_a_placeholder_impl() {
    snapshot(
        "errors_come_with_a_placeholder_impl",
        derive_table_inner,
        quote! {
            #[table(nme = "x", rls = "yes")]
            struct Broken {
                #[column(primary_key, identity, default = "1")]
                id: Option<i64>,
                #[column(on_delete = "explode")]
                other: i64,
            }
        },
    );
}

#[test]
fn pg_enum_errors_come_with_placeholder_impls() {
    snapshot(
        "pg_enum_errors_come_with_placeholder_impls",
        derive_pg_enum_inner,
        quote! {
            enum Broken {
                A(i32),
                #[pg_enum(label = "a")]
                B,
            }
        },
    );
}

#[test]
fn function_with_every_attribute() {
    snapshot(
        "function_with_every_attribute",
        derive_function_inner,
        quote! {
            /// Whether the user holds the role.
            #[function(name = "has_role", schema = "app", returns = "boolean", language = "sql",
                       volatility = "stable", strict, security_definer, search_path = "public, pg_temp",
                       args(user_id: Uuid, role: "app_role" = "'user'", _: "integer" = "0"),
                       body = include_str!("sql/has_role.sql"))]
            struct HasRole;
        },
    );
}

#[test]
fn trigger_function() {
    snapshot(
        "trigger_function",
        derive_function_inner,
        quote! {
            #[function(returns = "trigger", language = "plpgsql", body = BODY)]
            struct IndexDocument;
        },
    );
}

#[test]
fn table_with_triggers_and_partitioning() {
    snapshot(
        "table_with_triggers_and_partitioning",
        derive_table_inner,
        quote! {
            #[table(name = "events", updated_at = changed_at, partition_by(range(at, expr("lower(kind)"))))]
            #[trigger(name = "events_index", before, events(insert, update(kind, r#at)), function = IndexEvent,
                      when = "NEW.kind <> ''")]
            #[trigger(name = "events_audit", after, events(delete, truncate), for_each_statement,
                      function = "audit.log_change", args("events", "it's"))]
            struct Event {
                id: i64,
                at: DateTime<Utc>,
                kind: String,
                #[column(name = "changedAt")]
                changed_at: DateTime<Utc>,
            }
        },
    );
}

#[test]
fn materialized_view() {
    snapshot(
        "materialized_view",
        derive_view_inner,
        quote! {
            /// Notifications per day.
            #[view(name = "daily_stats", schema = "analytics", materialized, sql = include_str!("daily.sql"))]
            #[index(unique, on(day, channel))]
            struct DailyStats {
                day: NaiveDate,
                #[column(sql_type = "text")]
                channel: Channel,
                /// How many were sent.
                #[column(name = "sent_count")]
                sent: i64,
                #[column(skip)]
                cached: bool,
            }
        },
    );
}

#[test]
fn view_errors_come_with_a_placeholder_impl() {
    snapshot(
        "view_errors_come_with_a_placeholder_impl",
        derive_view_inner,
        quote! {
            #[view(security_invoker, materialized)]
            #[index(on(missing))]
            struct Broken {
                #[column(primary_key)]
                id: i64,
            }
        },
    );
}

#[test]
fn function_errors_come_with_placeholder_impls() {
    snapshot(
        "function_errors_come_with_placeholder_impls",
        derive_function_inner,
        quote! {
            #[function(returns = "trigger", language = "sql", args(a: i32 = "1", b: i32))]
            struct Broken;
        },
    );
}
