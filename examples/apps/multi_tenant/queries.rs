//! Typed queries on the multi-tenant app, each filtered by the tenant key so that Citus
//! routes it to the one node holding that tenant's shards.
