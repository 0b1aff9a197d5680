//! Seeded random schemas and schema pairs, for the convergence tests and the benchmarks.
//!
//! A random pair is a random old schema and a new one made from it by a few random
//! mutations, each kept only if the result still validates. The rows the tests insert are
//! derived from the column types alone (see `row_value`), so every mutation here is chosen
//! to fit them: checks hold for positive numbers and non-NULL values, unique keys are over
//! columns whose values differ per row, NOT NULL is safe because every column gets a value,
//! and foreign key columns hold the row number, which is the id of the referenced row.

use crate::pairs::Pair;
use schema_core::{
    Argument, Check, Column, Compression, DefaultValue, EnumDef, EnumValue, Exclusion, Extension,
    ForeignKey, FunctionDef, Grant, GrantObject, Identity, Index, IndexKey, IndexMethod,
    IndexTarget, Language, Literal, Policy, PolicyCommand, Privilege, QualifiedName,
    ReferentialAction, Returns, Schema, SequenceDef, SqlType, Storage, TableDef, Unique,
    Volatility,
};

/// A small, fast, seedable generator (SplitMix64): reproducible across platforms and
/// releases, which a crate's RNG does not promise.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// One of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The roles generated policies name.
pub const ROLES: [&str; 2] = ["anon", "authenticated"];

/// Builds and validates a schema from its parts, with the roles policies may name.
pub fn assemble(
    schemas: &[String],
    enums: &[EnumDef],
    tables: &[TableDef],
) -> Result<Schema, String> {
    State {
        schemas: schemas.to_vec(),
        enums: enums.to_vec(),
        tables: tables.to_vec(),
        ..State::default()
    }
    .build()
}

/// A random pair, reproducible from its seed.
pub fn random_pair(seed: u64) -> Pair {
    let mut rng = Rng::new(seed);
    let mut state = State::random(&mut rng);
    let old = state.build().expect("a generated schema validates");
    state.clear_renames();
    let mutations = 1 + rng.below(5);
    let mut applied = 0;
    let mut attempts = 0;
    while applied < mutations && attempts < 50 {
        attempts += 1;
        let mut next = state.clone();
        next.mutate(&mut rng);
        next.forget_unused();
        if next.build().is_ok() {
            state = next;
            applied += 1;
        }
    }
    let new = state.build().expect("only valid mutations are kept");
    Pair {
        name: "random",
        old,
        new,
        seed: None,
    }
}

/// A schema of `tables` tables like an app's: a few enum types, foreign keys to earlier
/// tables, indexes, checks, policies. For the benchmarks.
pub fn wide(tables: usize) -> Schema {
    let mut rng = Rng::new(tables as u64);
    let enums = (0..4)
        .map(|i| {
            EnumDef::new(
                QualifiedName::parse(&format!("kind_{i}")),
                &["a", "b", "c", "d"],
            )
        })
        .collect();
    let mut state = State {
        enums,
        ..State::default()
    };
    for i in 0..tables {
        let table = state.random_table(&mut rng, &format!("table_{i:05}"), 8);
        state.tables.push(table);
    }
    state.build().expect("a generated schema validates")
}

/// [`wide`] after a release's worth of changes: every tenth table gains a column, every
/// twentieth loses an index and changes a type, a few tables come and go.
pub fn wide_changed(tables: usize) -> Schema {
    let mut rng = Rng::new(tables as u64 + 1);
    let mut state = State::from_schema(&wide(tables));
    for (i, table) in state.tables.iter_mut().enumerate() {
        if i % 10 == 0 {
            table
                .columns
                .push(Column::new("added", SqlType::Text, true));
        }
        if i % 20 == 0 {
            table.indexes.clear();
            let keys: Vec<String> = table
                .foreign_keys
                .iter()
                .flat_map(|k| k.columns.clone())
                .collect();
            if let Some(column) = table
                .columns
                .iter_mut()
                .find(|c| c.ty == SqlType::Integer && c.name != "id" && !keys.contains(&c.name))
            {
                column.ty = SqlType::BigInt;
            }
        }
    }
    let dropped = tables / 50;
    let keep = state.tables.len() - dropped;
    let gone: Vec<QualifiedName> = state.tables[keep..]
        .iter()
        .map(|t| t.name.clone())
        .collect();
    state.tables.truncate(keep);
    for table in &mut state.tables {
        table.foreign_keys.retain(|k| !gone.contains(&k.references));
    }
    for i in 0..dropped {
        let table = state.random_table(&mut rng, &format!("new_table_{i:05}"), 6);
        state.tables.push(table);
    }
    state.build().expect("a changed schema validates")
}

/// The editable parts of a schema.
#[derive(Debug, Clone, Default)]
struct State {
    schemas: Vec<String>,
    enums: Vec<EnumDef>,
    tables: Vec<TableDef>,
    /// Sequences, each the default of a column (`nextval(...)`).
    sequences: Vec<SequenceDef>,
    /// `sql` functions with SQL-standard bodies, each called by a check.
    functions: Vec<FunctionDef>,
    /// `citext`, when a column has that type.
    extensions: Vec<Extension>,
    /// `EXECUTE` on one overload of a function.
    grants: Vec<Grant>,
    counter: usize,
    /// Columns the mutations added to tables that have rows: they hold NULL or their
    /// default in every row, so they are left alone afterwards (no NOT NULL, no check, no
    /// new default under a unique key).
    added: Vec<String>,
}

/// Column types the generator uses, with the rows' values in mind.
fn random_type(rng: &mut Rng, enums: &[EnumDef]) -> SqlType {
    let choice = rng.below(if enums.is_empty() { 12 } else { 14 });
    match choice {
        0 | 1 => SqlType::Integer,
        2 => SqlType::BigInt,
        3 | 4 => SqlType::Text,
        5 => SqlType::Varchar {
            length: Some(10 + 10 * rng.below(5) as u32),
        },
        6 => SqlType::Numeric {
            precision: Some(10),
            scale: Some(2),
        },
        7 => SqlType::Boolean,
        8 => SqlType::Timestamptz,
        9 => SqlType::Uuid,
        10 => SqlType::Jsonb,
        11 => SqlType::Array(Box::new(SqlType::Text)),
        _ => SqlType::Enum(rng.pick(enums).name.clone()),
    }
}

/// Names that need quoting, mixed in now and then.
const AWKWARD: [&str; 6] = ["user", "order", "userId", "Mixed Case", "select", "group"];

impl State {
    fn from_schema(schema: &Schema) -> Self {
        State {
            schemas: schema.schemas.clone(),
            enums: schema.enums.clone(),
            tables: schema.tables.clone(),
            sequences: schema.sequences.clone(),
            functions: schema.functions.clone(),
            extensions: schema.extensions.clone(),
            grants: schema.grants.clone(),
            counter: 10_000_000,
            added: Vec::new(),
        }
    }

    fn build(&self) -> Result<Schema, String> {
        let mut builder = Schema::builder();
        for role in ROLES {
            builder = builder.add_external_role(role);
        }
        for name in &self.schemas {
            builder = builder.add_namespace(name);
        }
        for extension in &self.extensions {
            builder = builder.add_extension(extension.clone());
        }
        for def in &self.enums {
            builder = builder.add_enum(def.clone());
        }
        for sequence in &self.sequences {
            builder = builder.add_sequence(sequence.clone());
        }
        for function in &self.functions {
            builder = builder.add_function(function.clone());
        }
        for table in &self.tables {
            builder = builder.add_table(table.clone());
        }
        for grant in &self.grants {
            builder = builder.add_grant(grant.clone());
        }
        builder.build().map_err(|errors| errors.to_string())
    }

    fn fresh_name(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    fn clear_renames(&mut self) {
        for def in &mut self.enums {
            def.renamed_from = None;
            def.values.iter_mut().for_each(|v| v.renamed_from = None);
        }
        for table in &mut self.tables {
            table.renamed_from = None;
            table.columns.iter_mut().for_each(|c| c.renamed_from = None);
        }
    }

    fn random(rng: &mut Rng) -> Self {
        let mut state = State::default();
        if rng.chance(30) {
            state.schemas.push("app".into());
        }
        if rng.chance(60) {
            let labels: Vec<String> = (0..2 + rng.below(3)).map(|i| format!("v{i}")).collect();
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            state
                .enums
                .push(EnumDef::new(QualifiedName::parse("status"), &labels));
        }
        for _ in 0..1 + rng.below(4) {
            let name = if rng.chance(15) {
                rng.pick(&AWKWARD).to_string()
            } else {
                state.fresh_name("t")
            };
            if state.tables.iter().any(|t| t.name.name == name) {
                continue;
            }
            let name = match state.schemas.first() {
                Some(schema) if rng.chance(40) => format!("{schema}.{name}"),
                _ => name,
            };
            let table = state.random_table(rng, &name, 5);
            state.tables.push(table);
        }
        if rng.chance(25) {
            state.add_function_check(rng);
            if rng.chance(60) {
                state.add_overload(rng);
            }
        }
        if rng.chance(25) {
            state.add_sequence_default(rng);
        }
        if rng.chance(20) {
            state.add_exclusion(rng);
        }
        if rng.chance(15) {
            state.add_extension_column(rng);
        }
        state
    }

    /// A function with a SQL-standard body, `numeric -> boolean`, true for the rows'
    /// values (positive numbers, NULL), and a check on an integer column calling it.
    fn add_function_check(&mut self, rng: &mut Rng) {
        let t = rng.below(self.tables.len());
        let candidates: Vec<String> = self.tables[t]
            .columns
            .iter()
            .filter(|c| matches!(c.ty, SqlType::Integer | SqlType::BigInt))
            .filter(|c| !self.added.contains(&c.name))
            .map(|c| c.name.clone())
            .collect();
        if candidates.is_empty() {
            return;
        }
        let column = rng.pick(&candidates).clone();
        let name = self.fresh_name("not_negative");
        self.functions.push(not_negative(&name, rng.chance(50)));
        let quoted = schema_core::quote_ident(&column).into_owned();
        let check = Check {
            comment: Default::default(),
            no_inherit: false,
            name: self.fresh_name("ck"),
            expression: format!("{name}({quoted})"),
        };
        self.tables[t].checks.push(check);
    }

    /// An overload of a function the checks call, `name(text)` beside `name(numeric)`
    /// (a check's integer still picks the `numeric` one), maybe with a grant on it alone.
    fn add_overload(&mut self, rng: &mut Rng) {
        let single: Vec<String> = self
            .functions
            .iter()
            .map(|f| f.name.name.clone())
            .filter(|name| {
                self.functions
                    .iter()
                    .filter(|f| &f.name.name == name)
                    .count()
                    == 1
            })
            .collect();
        if single.is_empty() {
            return;
        }
        let name = rng.pick(&single).clone();
        self.functions.push(not_empty(&name, rng.chance(50)));
        if rng.chance(70) {
            let role = *rng.pick(&ROLES);
            self.grants.push(Grant::new(
                &[Privilege::Execute],
                GrantObject::function(&format!("{name}(text)")),
                role,
            ));
        }
    }

    /// A standalone sequence, the default of a new nullable `bigint` column.
    fn add_sequence_default(&mut self, rng: &mut Rng) {
        let t = rng.below(self.tables.len());
        let schema = self.tables[t].name.schema.clone();
        let name = self.fresh_name("seq");
        let sequence = if rng.chance(50) {
            SequenceDef::new(&format!("{schema}.{name}"))
                .start(100)
                .increment(5)
        } else {
            SequenceDef::new(&format!("{schema}.{name}"))
        };
        self.sequences.push(sequence);
        let column = Column {
            default: Some(DefaultValue::Expression(format!(
                "nextval('{schema}.{name}')"
            ))),
            ..Column::new(self.fresh_name("c"), SqlType::BigInt, true)
        };
        self.added.push(column.name.clone());
        self.tables[t].columns.push(column);
    }

    /// `EXCLUDE USING btree (column WITH =)` over a column whose values differ per row.
    fn add_exclusion(&mut self, rng: &mut Rng) {
        let t = rng.below(self.tables.len());
        let candidates = distinct_per_row(&self.tables[t]);
        if candidates.is_empty() {
            return;
        }
        let column = rng.pick(&candidates).clone();
        let quoted = schema_core::quote_ident(&column).into_owned();
        let definition = format!("USING btree ({quoted} WITH =)");
        // Two equal constraints would be one in Postgres (validation refuses them).
        if self.tables[t]
            .exclusions
            .iter()
            .any(|e| e.definition == definition)
        {
            return;
        }
        let exclusion = Exclusion {
            comment: Default::default(),
            name: self.fresh_name("ex"),
            definition,
        };
        self.tables[t].exclusions.push(exclusion);
    }

    /// A nullable `citext` column, a type from an extension.
    fn add_extension_column(&mut self, rng: &mut Rng) {
        if self.extensions.is_empty() {
            self.extensions.push(Extension::new("citext"));
        }
        let t = rng.below(self.tables.len());
        let column = Column::new(self.fresh_name("c"), SqlType::Custom("citext".into()), true);
        self.added.push(column.name.clone());
        self.tables[t].columns.push(column);
    }

    /// Drops the functions and sequences nothing names any more.
    fn forget_unused(&mut self) {
        let mut texts = Vec::new();
        for table in &self.tables {
            texts.extend(table.checks.iter().map(|c| c.expression.clone()));
            texts.extend(table.columns.iter().filter_map(|c| match &c.default {
                Some(DefaultValue::Expression(sql)) => Some(sql.clone()),
                _ => None,
            }));
        }
        let used = |name: &str| texts.iter().any(|t| t.contains(name));
        self.functions.retain(|f| used(&f.name.name));
        let functions = &self.functions;
        self.grants.retain(|g| {
            functions
                .iter()
                .any(|f| Some(&f.name) == g.on.function_name())
        });
        self.sequences.retain(|s| used(&s.name.name));
        let citext = self
            .tables
            .iter()
            .flat_map(|t| &t.columns)
            .any(|c| c.ty == SqlType::Custom("citext".into()));
        if !citext {
            self.extensions.clear();
        }
    }

    /// A table with an integer primary key `id` and up to `width` other columns; maybe
    /// a foreign key to an earlier table, an index, a unique key, a check, policies.
    fn random_table(&mut self, rng: &mut Rng, name: &str, width: usize) -> TableDef {
        let qualified = if name.contains('.') {
            QualifiedName::parse(name)
        } else {
            QualifiedName::new("public", name)
        };
        let mut table =
            TableDef::new(qualified).with_column(Column::new("id", SqlType::Integer, false));
        table = table.with_primary_key(None, &["id"]);
        for _ in 0..1 + rng.below(width) {
            let column = self.random_column(rng, &table);
            table.columns.push(column);
        }
        if !self.tables.is_empty() && rng.chance(50) {
            let target = rng.pick(&self.tables).name.clone();
            self.add_foreign_key(rng, &mut table, target);
        }
        if rng.chance(50) {
            self.add_index(rng, &mut table);
        }
        if rng.chance(30) {
            add_unique(rng, &mut table);
        }
        if rng.chance(30) {
            self.add_check(rng, &mut table);
        }
        if rng.chance(30) {
            table.row_level_security.enabled = true;
            for _ in 0..rng.below(3) {
                self.add_policy(rng, &mut table);
            }
        }
        if rng.chance(20) {
            table.comment = Some(format!("Table {}", table.name.name));
            // Its primary key and first check or foreign key are commented on too.
            let comment = format!("Key of {}", table.name.name);
            if let Some(key) = table.primary_key.as_mut() {
                key.comment = Some(comment);
            }
            if let Some(check) = table.checks.first_mut() {
                check.comment = Some("Checked".into());
            }
            if let Some(key) = table.foreign_keys.first_mut() {
                key.comment = Some("Points up".into());
            }
        }
        table
    }

    fn random_column(&mut self, rng: &mut Rng, table: &TableDef) -> Column {
        let name = if rng.chance(10) {
            let awkward = rng.pick(&AWKWARD).to_string();
            if table.column(&awkward).is_none() {
                awkward
            } else {
                self.fresh_name("c")
            }
        } else {
            self.fresh_name("c")
        };
        let ty = random_type(rng, &self.enums);
        let mut column = Column::new(name, ty, rng.chance(50));
        if rng.chance(25) {
            column.default = default_for(&column.ty, rng);
        }
        if rng.chance(10) {
            column.comment = Some("it's a column".into());
            // A commented column is sampled more closely too, and stored out of line.
            column.statistics = Some(1000);
            column.n_distinct_inherited = Some("0.5".into());
            if Storage::default_for(&column.ty) == Some(Storage::Extended) {
                column.storage = Some(Storage::Main);
            }
        }
        column
    }

    fn add_foreign_key(&mut self, rng: &mut Rng, table: &mut TableDef, target: QualifiedName) {
        let column = self.fresh_name("ref");
        self.added.push(column.clone());
        table
            .columns
            .push(Column::new(column.clone(), SqlType::Integer, true));
        let key = ForeignKey {
            comment: Default::default(),
            match_full: Default::default(),
            name: String::new(),
            columns: vec![column],
            references: target,
            referenced_columns: vec!["id".into()],
            on_delete: *rng.pick(&[
                ReferentialAction::NoAction,
                ReferentialAction::Cascade,
                ReferentialAction::SetNull,
            ]),
            on_update: ReferentialAction::NoAction,
            deferrable: Default::default(),
        };
        let name = self.fresh_name("fk");
        table.foreign_keys.push(ForeignKey { name, ..key });
    }

    fn add_index(&mut self, rng: &mut Rng, table: &mut TableDef) {
        let candidates: Vec<&Column> = table
            .columns
            .iter()
            .filter(|c| !matches!(c.ty, SqlType::Jsonb | SqlType::Array(_)))
            .collect();
        let column = rng.pick(&candidates).name.clone();
        let mut key = IndexKey::column(column.clone());
        key.descending = rng.chance(30);
        let mut index = Index {
            comment: Default::default(),
            name: self.fresh_name("idx"),
            unique: false,
            nulls_not_distinct: false,
            method: IndexMethod::Btree,
            keys: vec![key],
            include: Vec::new(),
            predicate: None,
        };
        if rng.chance(25) {
            index.predicate = Some(format!("{} IS NOT NULL", schema_core::quote_ident(&column)));
        }
        table.indexes.push(index);
    }

    fn add_check(&mut self, rng: &mut Rng, table: &mut TableDef) {
        let candidates: Vec<&Column> = table
            .columns
            .iter()
            .filter(|c| !self.added.contains(&c.name))
            .collect();
        let column = (*rng.pick(&candidates)).clone();
        let quoted = schema_core::quote_ident(&column.name).into_owned();
        let expression = match column.ty {
            SqlType::Integer | SqlType::BigInt => format!("{quoted} >= 0"),
            _ => format!("{quoted} IS NOT NULL"),
        };
        table.checks.push(Check {
            comment: Default::default(),
            no_inherit: Default::default(),
            name: self.fresh_name("ck"),
            expression,
        });
    }

    fn add_policy(&mut self, rng: &mut Rng, table: &mut TableDef) {
        let column = rng.pick(&table.columns).name.clone();
        let condition = format!("{} IS NOT NULL", schema_core::quote_ident(&column));
        let command = *rng.pick(&[
            PolicyCommand::All,
            PolicyCommand::Select,
            PolicyCommand::Insert,
            PolicyCommand::Update,
        ]);
        let using = command.allows_using().then(|| {
            if rng.chance(50) {
                "true".to_string()
            } else {
                condition.clone()
            }
        });
        let with_check = (command.allows_with_check() && (using.is_none() || rng.chance(50)))
            .then(|| condition.clone());
        let mut roles = Vec::new();
        if rng.chance(70) {
            roles.push(rng.pick(&ROLES).to_string());
        }
        table.policies.push(Policy {
            comment: Default::default(),
            name: self.fresh_name("pol"),
            restrictive: rng.chance(20),
            command,
            roles,
            using,
            with_check,
            allow: Vec::new(),
        });
    }

    /// One random change; the caller keeps it only if the schema still validates.
    fn mutate(&mut self, rng: &mut Rng) {
        if self.tables.is_empty() {
            let name = self.fresh_name("t");
            let table = self.random_table(rng, &name, 4);
            self.tables.push(table);
            return;
        }
        let t = rng.below(self.tables.len());
        match rng.below(26) {
            22 => self.add_function_check(rng),
            23 => {
                // A body rewritten, the other standard form.
                if !self.functions.is_empty() {
                    let f = rng.below(self.functions.len());
                    let name = self.functions[f].name.name.clone();
                    let atomic = self.functions[f].body.starts_with("RETURN");
                    let text = self.functions[f].arguments[0].ty == SqlType::Text;
                    self.functions[f] = if text {
                        not_empty(&name, atomic)
                    } else {
                        not_negative(&name, atomic)
                    };
                }
            }
            24 => {
                // An overload added, or one dropped with its grants.
                let overloaded = self
                    .functions
                    .iter()
                    .position(|f| f.arguments.first().is_some_and(|a| a.ty == SqlType::Text));
                match overloaded {
                    Some(f) if rng.chance(50) => {
                        let gone = self.functions.remove(f);
                        self.grants
                            .retain(|g| g.on.function_name() != Some(&gone.name));
                    }
                    _ if rng.chance(50) => self.add_overload(rng),
                    _ => self.add_sequence_default(rng),
                }
            }
            25 => {
                if self.tables[t].exclusions.pop().is_none() {
                    self.add_exclusion(rng);
                }
            }
            0 => {
                let name = self.fresh_name("t");
                let table = self.random_table(rng, &name, 4);
                self.tables.push(table);
            }
            1 => {
                let gone = self.tables.remove(t).name;
                for table in &mut self.tables {
                    table.foreign_keys.retain(|k| k.references != gone);
                }
            }
            2 => {
                let old = self.tables[t].name.clone();
                let new = QualifiedName::new(old.schema.clone(), self.fresh_name("renamed"));
                self.tables[t].name = new.clone();
                // Renamed twice, it still names the table the database has.
                if self.tables[t].renamed_from.is_none() {
                    self.tables[t].renamed_from = Some(old.name.clone());
                }
                for table in &mut self.tables {
                    for key in &mut table.foreign_keys {
                        if key.references == old {
                            key.references = new.clone();
                        }
                    }
                }
            }
            3 => {
                let mut column = self.random_column(rng, &self.tables[t].clone());
                if !column.nullable && column.default.is_none() {
                    column.default = default_for(&column.ty, rng);
                    column.nullable = column.default.is_none();
                }
                self.added.push(column.name.clone());
                self.tables[t].columns.push(column);
            }
            4 => {
                let table = &mut self.tables[t];
                if table.columns.len() > 1 {
                    let i = 1 + rng.below(table.columns.len() - 1);
                    let gone = table.columns.remove(i).name;
                    forget_column(table, &gone);
                    let name = table.name.clone();
                    for other in &mut self.tables {
                        other.foreign_keys.retain(|k| {
                            !(k.references == name && k.referenced_columns.contains(&gone))
                        });
                    }
                }
            }
            5 => {
                let fresh = self.fresh_name("renamed");
                let table = &mut self.tables[t];
                let i = rng.below(table.columns.len());
                let old = table.columns[i].name.clone();
                if old != "id" && !mentioned_in_expressions(table, &old) {
                    rename_column(table, &old, &fresh);
                    // A column added by this pair stays one under its new name: later
                    // mutations must not take its default away from the existing rows.
                    for added in &mut self.added {
                        if *added == old {
                            *added = fresh.clone();
                        }
                    }
                }
            }
            6 => {
                let table = &mut self.tables[t];
                let i = rng.below(table.columns.len());
                let added = self.added.contains(&table.columns[i].name);
                if !added
                    && table.columns[i].name != "id"
                    && !table
                        .foreign_keys
                        .iter()
                        .any(|k| k.columns.contains(&table.columns[i].name))
                {
                    if let Some(ty) = widened(&table.columns[i].ty) {
                        let column = &mut table.columns[i];
                        column.ty = ty;
                        column.default = None;
                    }
                }
            }
            7 => {
                let table = &mut self.tables[t];
                let i = rng.below(table.columns.len());
                let in_key = table
                    .primary_key
                    .as_ref()
                    .is_some_and(|k| k.columns.contains(&table.columns[i].name));
                let added = self.added.contains(&table.columns[i].name);
                if !in_key && !added && table.columns[i].identity.is_none() {
                    table.columns[i].nullable = !table.columns[i].nullable;
                }
            }
            8 => {
                let table = &mut self.tables[t];
                let i = rng.below(table.columns.len());
                let column = &mut table.columns[i];
                if column.identity.is_none()
                    && column.generated.is_none()
                    && !self.added.contains(&column.name)
                {
                    column.default = if column.default.is_some() {
                        None
                    } else {
                        default_for(&column.ty, rng)
                    };
                }
            }
            9 => {
                let mut table = self.tables[t].clone();
                self.add_index(rng, &mut table);
                self.tables[t] = table;
            }
            10 => {
                let table = &mut self.tables[t];
                if !table.indexes.is_empty() {
                    let i = rng.below(table.indexes.len());
                    if rng.chance(50) {
                        table.indexes.remove(i);
                    } else {
                        let key = &mut table.indexes[i].keys[0];
                        key.descending = !key.descending;
                    }
                }
            }
            11 => {
                let table = &mut self.tables[t];
                if table.uniques.is_empty() {
                    add_unique(rng, table);
                } else {
                    let gone = table.uniques.remove(0);
                    let name = table.name.clone();
                    for other in &mut self.tables {
                        other.foreign_keys.retain(|k| {
                            !(k.references == name && k.referenced_columns == gone.columns)
                        });
                    }
                }
            }
            12 => {
                let mut table = self.tables[t].clone();
                if table.checks.is_empty() || rng.chance(50) {
                    self.add_check(rng, &mut table);
                } else {
                    table.checks.remove(0);
                }
                self.tables[t] = table;
            }
            13 => {
                let target = rng.pick(&self.tables).name.clone();
                let mut table = self.tables[t].clone();
                if table.foreign_keys.is_empty() || rng.chance(50) {
                    self.add_foreign_key(rng, &mut table, target);
                } else {
                    table.foreign_keys.remove(0);
                }
                self.tables[t] = table;
            }
            14 => self.mutate_enum(rng),
            15 => {
                let table = &mut self.tables[t];
                if table.policies.is_empty() {
                    table.row_level_security.enabled = !table.row_level_security.enabled;
                }
                table.row_level_security.forced =
                    rng.chance(30) && table.row_level_security.enabled;
            }
            16 => {
                let mut table = self.tables[t].clone();
                table.row_level_security.enabled = true;
                if table.policies.is_empty() || rng.chance(40) {
                    self.add_policy(rng, &mut table);
                } else if rng.chance(50) {
                    table.policies.remove(0);
                } else {
                    let policy = &mut table.policies[0];
                    policy.roles = if policy.roles.is_empty() {
                        vec!["anon".into()]
                    } else {
                        Vec::new()
                    };
                    if policy.using.is_some() {
                        policy.using = Some("false".into());
                    }
                }
                self.tables[t] = table;
            }
            17 => {
                let table = &mut self.tables[t];
                table.comment = match table.comment {
                    Some(_) => None,
                    None => Some("Now with a comment".into()),
                };
                let i = rng.below(table.columns.len());
                table.columns[i].comment = Some(format!("Column {i}"));
                // Comments on its constraints and policies, and the column's storage,
                // statistics and options, come and go with no draw of their own, so the
                // other mutations of a seed stay as they were.
                let commented = table.constraint_comments().any(|(_, c)| c.is_some());
                let comment = (!commented).then(|| format!("Kept in {}", table.name.name));
                for (_, slot) in table.constraint_comments_mut() {
                    *slot = comment.clone();
                }
                for policy in &mut table.policies {
                    policy.comment = comment.clone();
                }
                let column = &mut table.columns[i];
                let settled = column.statistics.is_some();
                column.statistics = (!settled).then_some(100 * (i as i32 + 1));
                column.n_distinct = (!settled).then(|| "-1".to_string());
                if Storage::default_for(&column.ty) == Some(Storage::Extended) {
                    column.storage = (!settled).then_some(Storage::External);
                    column.compression = (!settled).then_some(Compression::Pglz);
                }
            }
            18 => {
                let table = &mut self.tables[t];
                let id = &mut table.columns[0];
                id.nullable = false;
                id.identity = match id.identity {
                    None => Some(*rng.pick(&[Identity::Always, Identity::ByDefault])),
                    Some(Identity::Always) if rng.chance(50) => Some(Identity::ByDefault),
                    Some(_) => None,
                };
            }
            19 => {
                // A generated column, added or dropped.
                let table = &mut self.tables[t];
                if let Some(i) = table.columns.iter().position(|c| c.generated.is_some()) {
                    let gone = table.columns.remove(i).name;
                    forget_column(table, &gone);
                } else {
                    let mut column = Column::new(
                        format!("gen_{}", table.columns.len()),
                        SqlType::Integer,
                        true,
                    );
                    column.generated = Some("id * 2".into());
                    self.added.push(column.name.clone());
                    table.columns.push(column);
                }
            }
            20 => {
                // A column that becomes an enum of a new type, or a new enum column.
                if self.enums.is_empty() {
                    self.enums
                        .push(EnumDef::new(QualifiedName::parse("phase"), &["v0", "v1"]));
                }
                let name = self.enums[0].name.clone();
                let column = self.fresh_name("e");
                self.added.push(column.clone());
                self.tables[t]
                    .columns
                    .push(Column::new(column, SqlType::Enum(name), true));
            }
            _ => {
                if self.tables[t].primary_key.take().is_none() {
                    let table = &mut self.tables[t];
                    table.primary_key = Some(schema_core::PrimaryKey {
                        comment: Default::default(),
                        deferrable: Default::default(),
                        name: schema_core::naming::primary_key(&table.name.name),
                        columns: vec!["id".into()],
                    });
                }
                let name = self.tables[t].name.clone();
                if self.tables[t].primary_key.is_none() {
                    for other in &mut self.tables {
                        other.foreign_keys.retain(|k| k.references != name);
                    }
                }
            }
        }
    }

    fn mutate_enum(&mut self, rng: &mut Rng) {
        let Some(def) = self.enums.first_mut() else {
            self.enums
                .push(EnumDef::new(QualifiedName::parse("status"), &["v0", "v1"]));
            return;
        };
        self.counter += 1;
        let label = format!("n{}", self.counter);
        match rng.below(4) {
            // Never before the first value: rows hold it (see `row_value`), and a later
            // mutation must still find it first, not drop or rename it.
            0 => {
                let at = 1 + rng.below(def.values.len());
                def.values.insert(
                    at,
                    EnumValue {
                        label,
                        comment: None,
                        renamed_from: None,
                    },
                );
            }
            // Never the first value: rows hold it (see `row_value`).
            1 if def.values.len() > 1 => {
                let i = 1 + rng.below(def.values.len() - 1);
                let value = &mut def.values[i];
                let old = std::mem::replace(&mut value.label, label);
                value.renamed_from.get_or_insert(old);
            }
            2 if def.values.len() > 2 => {
                let i = 1 + rng.below(def.values.len() - 1);
                def.values.remove(i);
            }
            _ => {
                def.comment = Some("The status".into());
                let last = def.values.len() - 1;
                def.values[last].comment = Some("The last one".into());
            }
        }
    }
}

/// `name(numeric) RETURNS boolean`, true for positive numbers, with a SQL-standard body:
/// `RETURN ...` or `BEGIN ATOMIC ... END`.
fn not_negative(name: &str, atomic: bool) -> FunctionDef {
    let body = if atomic {
        "BEGIN ATOMIC\n  SELECT value >= 0;\nEND"
    } else {
        "RETURN value >= 0"
    };
    FunctionDef::new(name, Returns::Type(SqlType::Boolean), Language::Sql, body)
        .argument(Argument::new(
            "value",
            SqlType::Numeric {
                precision: None,
                scale: None,
            },
        ))
        .volatility(Volatility::Immutable)
}

/// `name(text) RETURNS boolean`, an overload of [`not_negative`]'s function.
fn not_empty(name: &str, atomic: bool) -> FunctionDef {
    let body = if atomic {
        "BEGIN ATOMIC\n  SELECT value <> '';\nEND"
    } else {
        "RETURN value <> ''"
    };
    FunctionDef::new(name, Returns::Type(SqlType::Boolean), Language::Sql, body)
        .argument(Argument::new("value", SqlType::Text))
        .volatility(Volatility::Immutable)
}

fn default_for(ty: &SqlType, rng: &mut Rng) -> Option<DefaultValue> {
    Some(match ty {
        SqlType::Integer | SqlType::BigInt => {
            DefaultValue::Literal(Literal::Number(rng.below(100).to_string()))
        }
        SqlType::Numeric { .. } => DefaultValue::Literal(Literal::Number("1.50".into())),
        SqlType::Text | SqlType::Varchar { .. } => {
            DefaultValue::Literal(Literal::Text("it's".into()))
        }
        SqlType::Boolean => DefaultValue::Literal(Literal::Boolean(rng.chance(50))),
        SqlType::Timestamptz => DefaultValue::Expression("now()".into()),
        SqlType::Uuid => DefaultValue::Expression("gen_random_uuid()".into()),
        _ => return None,
    })
}

/// A type the column's values convert to without loss or failure.
fn widened(ty: &SqlType) -> Option<SqlType> {
    Some(match ty {
        SqlType::Integer => SqlType::BigInt,
        SqlType::Varchar { length: Some(n) } => SqlType::Varchar {
            length: Some(n + 20),
        },
        SqlType::Varchar { length: None } => SqlType::Text,
        SqlType::Text => SqlType::Varchar { length: Some(100) },
        SqlType::Numeric { .. } => SqlType::Numeric {
            precision: Some(14),
            scale: Some(2),
        },
        SqlType::Uuid => SqlType::Text,
        _ => return None,
    })
}

/// The columns whose values differ from row to row (see `row_value`), or are NULL: what a
/// unique key or an `=` exclusion may be over.
fn distinct_per_row(table: &TableDef) -> Vec<String> {
    table
        .columns
        .iter()
        .filter(|c| {
            matches!(
                c.ty,
                SqlType::Integer | SqlType::BigInt | SqlType::Text | SqlType::Uuid
            )
        })
        .filter(|c| c.name != "id" && c.default.is_none())
        .map(|c| c.name.clone())
        .collect()
}

fn add_unique(rng: &mut Rng, table: &mut TableDef) {
    let candidates = distinct_per_row(table);
    if candidates.is_empty() {
        return;
    }
    let column = rng.pick(&candidates).clone();
    let name = schema_core::naming::unique(&table.name.name, &[&column]);
    if name.len() <= schema_core::MAX_IDENTIFIER_BYTES
        && !table.uniques.iter().any(|u| u.name == name)
    {
        table.uniques.push(Unique {
            comment: Default::default(),
            deferrable: Default::default(),
            name,
            columns: vec![column],
            nulls_not_distinct: false,
        });
    }
}

fn mentions(expression: &str, column: &str) -> bool {
    expression.contains(column)
}

fn mentioned_in_expressions(table: &TableDef, column: &str) -> bool {
    table.checks.iter().any(|c| mentions(&c.expression, column))
        || table
            .exclusions
            .iter()
            .any(|e| mentions(&e.definition, column))
        || table
            .indexes
            .iter()
            .any(|i| i.predicate.as_deref().is_some_and(|p| mentions(p, column)))
        || table.policies.iter().any(|p| {
            [&p.using, &p.with_check]
                .into_iter()
                .flatten()
                .any(|e| mentions(e, column))
        })
        || table
            .columns
            .iter()
            .any(|c| c.generated.as_deref().is_some_and(|g| mentions(g, column)))
}

/// Removes everything in `table` that names `column`.
fn forget_column(table: &mut TableDef, column: &str) {
    let named = |columns: &[String]| columns.iter().any(|c| c == column);
    if table
        .primary_key
        .as_ref()
        .is_some_and(|k| named(&k.columns))
    {
        table.primary_key = None;
    }
    table.uniques.retain(|u| !named(&u.columns));
    table.foreign_keys.retain(|k| !named(&k.columns));
    table.checks.retain(|c| !mentions(&c.expression, column));
    table
        .exclusions
        .retain(|e| !mentions(&e.definition, column));
    table.indexes.retain(|i| {
        !i.keys
            .iter()
            .any(|k| matches!(&k.target, IndexTarget::Column(c) if c == column))
            && !i.predicate.as_deref().is_some_and(|p| mentions(p, column))
    });
    table.policies.retain(|p| {
        ![&p.using, &p.with_check]
            .into_iter()
            .flatten()
            .any(|e| mentions(e, column))
    });
    let generated: Vec<String> = table
        .columns
        .iter()
        .filter(|c| c.generated.as_deref().is_some_and(|g| mentions(g, column)))
        .map(|c| c.name.clone())
        .collect();
    table.columns.retain(|c| !generated.contains(&c.name));
}

fn rename_column(table: &mut TableDef, old: &str, new: &str) {
    let rename = |name: &mut String| {
        if name == old {
            *name = new.to_string();
        }
    };
    for column in &mut table.columns {
        if column.name == old {
            column.name = new.to_string();
            column.renamed_from.get_or_insert_with(|| old.to_string());
        }
    }
    table
        .primary_key
        .iter_mut()
        .flat_map(|k| k.columns.iter_mut())
        .for_each(rename);
    table
        .uniques
        .iter_mut()
        .flat_map(|u| u.columns.iter_mut())
        .for_each(rename);
    table
        .foreign_keys
        .iter_mut()
        .flat_map(|k| k.columns.iter_mut())
        .for_each(rename);
    for index in &mut table.indexes {
        for key in &mut index.keys {
            if let IndexTarget::Column(name) = &mut key.target {
                rename(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_reproducible_and_valid() {
        for seed in 0..300 {
            let a = random_pair(seed);
            let b = random_pair(seed);
            assert_eq!(a.old, b.old, "seed {seed}");
            assert_eq!(a.new, b.new, "seed {seed}");
        }
    }

    /// The kinds beyond tables and enums turn up often enough to be tested, on both sides.
    #[test]
    fn pairs_hold_sequences_standard_bodies_exclusions_extension_types_and_overloads() {
        let pairs: Vec<Pair> = (0..200).map(random_pair).collect();
        let count = |has: &dyn Fn(&Schema) -> bool| {
            pairs.iter().filter(|p| has(&p.old) || has(&p.new)).count()
        };
        let sequences = count(&|s| !s.sequences.is_empty());
        let bodies = count(&|s| s.functions.iter().any(|f| f.has_standard_body()));
        let exclusions = count(&|s| s.tables.iter().any(|t| !t.exclusions.is_empty()));
        let citext = count(&|s| !s.extensions.is_empty());
        let overloads = count(&|s| {
            s.functions
                .iter()
                .any(|f| s.functions_named(&f.name).nth(1).is_some())
        });
        let overload_grants = count(&|s| {
            s.grants
                .iter()
                .any(|g| matches!(g.on, GrantObject::Overload { .. }))
        });
        let constraint_comments = count(&|s| {
            s.tables
                .iter()
                .any(|t| t.constraint_comments().any(|(_, c)| c.is_some()))
        });
        let column_settings = count(&|s| {
            s.tables
                .iter()
                .flat_map(|t| &t.columns)
                .any(|c| c.statistics.is_some())
        });
        for (what, n) in [
            ("comments on constraints", constraint_comments),
            ("column settings", column_settings),
            ("overloads", overloads),
            ("grants on one overload", overload_grants),
            ("sequences", sequences),
            ("standard bodies", bodies),
            ("exclusions", exclusions),
            ("extension types", citext),
        ] {
            assert!(n >= 20, "only {n} of 200 pairs have {what}");
        }
    }

    #[test]
    fn wide_schemas_have_the_size_asked_for() {
        assert_eq!(wide(100).tables.len(), 100);
        assert_eq!(wide_changed(100).tables.len(), 100);
    }
}
