//! A batch deployment or endpoint found in the project, wherever it is written: the types live
//! in the model layer ([`crate::model::deployment`]), which an invocation holds; discovery and
//! kind resolution use them from here.

pub use crate::model::deployment::{
    ComponentRef, Defined, Definition, Deployment, Endpoint, Item, Setting, SettingsCall, Written,
    place,
};
