//! Entities: mentions of people, organizations, places, events, roles, dates and amounts, and
//! clusters of mentions that name the same real-world entity.
//!
//! First version: gazetteer and title rules only. The interface is what later versions keep:
//! [`recognize`] takes the segmented document and returns mentions (spans over the normalized
//! text) and clusters.

mod gazetteer;

use crate::Doc;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Entity types. PEYMA and ARMAN types map onto these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Per,
    Org,
    Loc,
    Fac,
    Eve,
    Pro,
    Role,
    Dat,
    Tim,
    Mon,
    Pct,
    Num,
}

impl EntityType {
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Fac => "FAC",
            EntityType::Eve => "EVE",
            EntityType::Pro => "PRO",
            EntityType::Role => "ROLE",
            EntityType::Dat => "DAT",
            EntityType::Tim => "TIM",
            EntityType::Mon => "MON",
            EntityType::Pct => "PCT",
            EntityType::Num => "NUM",
        }
    }
}

/// Where a mention came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Model,
    Gazetteer,
    Rule,
}

/// One mention: a span of the normalized text.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub range: Range<usize>,
    pub kind: EntityType,
    pub source: Source,
    pub score: f32,
}

/// Mentions of one real-world entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub kind: EntityType,
    /// The canonical name: the fullest name mention, without titles and ranks.
    pub canonical: String,
    /// Indexes into the mention list, in text order.
    pub mentions: Vec<usize>,
}

/// Entities found in a document.
#[derive(Clone, Debug, Default)]
pub struct Entities {
    /// Sorted by start, non-overlapping.
    pub mentions: Vec<Mention>,
    pub clusters: Vec<Cluster>,
    /// For each mention, its cluster index.
    pub cluster_of: Vec<Option<usize>>,
}

/// Finds entities in `doc`.
pub fn recognize(doc: &Doc) -> Entities {
    let mentions = gazetteer::find(doc);
    let (clusters, cluster_of) = gazetteer::cluster(doc, &mentions);
    Entities {
        mentions,
        clusters,
        cluster_of,
    }
}
