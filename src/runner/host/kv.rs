//! `storage`: the key-value store per tenant and install, with revisions.

use super::*;

fn storage_error(e: rusqlite::Error) -> StorageError {
    let _ = e;
    StorageError::Internal
}

impl HostState {
    fn storage_gate(&self, namespace: &str, key: Option<&str>) -> Result<Scope, StorageError> {
        if !self.granted(Capability::StorageKv) || self.install().is_none() {
            return Err(StorageError::Denied);
        }
        if namespace.is_empty()
            || namespace.len() > MAX_NAMESPACE
            || key.is_some_and(|k| k.is_empty() || k.len() > MAX_KEY)
        {
            return Err(StorageError::Internal);
        }
        Ok(self.scope())
    }
}

impl storage::Host for HostState {
    async fn get(&mut self, namespace: String, key: String) -> Result<StorageEntry, StorageError> {
        let scope = self.storage_gate(&namespace, Some(&key))?;
        match self
            .services
            .store
            .get(&scope, &namespace, &key)
            .map_err(storage_error)?
        {
            Some(e) => Ok(StorageEntry {
                namespace: e.namespace,
                key: e.key,
                value: e.value,
                revision: Some(e.revision),
            }),
            None => Err(StorageError::Missing),
        }
    }

    async fn put(&mut self, entry: StorageEntry) -> Result<StorageEntry, StorageError> {
        let scope = self.storage_gate(&entry.namespace, Some(&entry.key))?;
        // The server measures the base64 form of the value.
        if entry.value.len().div_ceil(3) * 4 > MAX_VALUE {
            return Err(StorageError::Internal);
        }
        match self
            .services
            .store
            .put(
                &scope,
                &entry.namespace,
                &entry.key,
                &entry.value,
                entry.revision,
            )
            .map_err(storage_error)?
        {
            Ok(revision) => Ok(StorageEntry {
                revision: Some(revision),
                ..entry
            }),
            Err(PutError::Conflict) => Err(StorageError::Conflict),
        }
    }

    async fn delete(&mut self, namespace: String, key: String) -> Result<(), StorageError> {
        let scope = self.storage_gate(&namespace, Some(&key))?;
        self.services
            .store
            .delete(&scope, &namespace, &key)
            .map_err(storage_error)?;
        Ok(())
    }

    async fn list_entries(
        &mut self,
        namespace: String,
        cursor: Option<String>,
    ) -> Result<Vec<StorageEntry>, StorageError> {
        let scope = self.storage_gate(&namespace, None)?;
        let entries = self
            .services
            .store
            .list(&scope, &namespace, cursor.as_deref())
            .map_err(storage_error)?;
        Ok(entries
            .into_iter()
            .map(|e| StorageEntry {
                namespace: e.namespace,
                key: e.key,
                value: e.value,
                revision: Some(e.revision),
            })
            .collect())
    }
}
