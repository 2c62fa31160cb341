"""Business logic of the query app; API views and tasks call these, never connectors directly."""
