"""Archive/dataset registry, the connector contract, federated search and exports."""
