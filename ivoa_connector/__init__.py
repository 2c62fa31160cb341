"""IVOA connectors: TAP/ADQL, Simple Cone Search, SIA and the RegTAP registry.

Connector types (registered in ``apps.IvoaConnectorConfig.ready``):

``ivoa-tap``       service_url = TAP base URL; resource = table (``schema.table``). Cone,
                   constraints (``parameter_mapping`` common parameter → column; ra/dec default
                   to ra/dec, s_ra/s_dec for ObsCore tables) and raw ADQL; export votable/csv;
                   describe (TAP_SCHEMA); async jobs (UWS).
``ivoa-scs``       service_url = the cone search URL. Cone only; export votable.
``ivoa-sia``       service_url = the SIA v1 query URL (``options.sia_version = 2`` for SIA v2).
``ivoa-registry``  service_url = a RegTAP service's TAP base URL. Keyword searches.

``Dataset.options`` understood here:

``mode``               "auto" (default) | "sync" | "async" (TAP)
``async_threshold``    auto mode goes async when the row limit exceeds it (default 10000)
``execution_duration`` seconds an async job may run (default: the search's timeout)
``columns``            list of column identifiers to SELECT instead of * (TAP)
``order_by``           a column identifier to ORDER BY (TAP)
``obscore``            true: the table is ObsCore-like even if not named *obscore (TAP)
``verb``               1..3, SCS VERB
``maxrec``             false: do not send MAXREC (SCS/SIA services that reject it)
``format``             SIA v1 FORMAT
``extra_params``       {name: value} added to SCS/SIA requests
``servicetype``, ``waveband``  fixed filters of an ivoa-registry dataset in keyword searches

``Dataset.result_hints`` ({"id"|"title"|"ra"|"dec"|"access_url"|"format"|"size"|
"dataproduct_type"|"thumbnail": column}) override the ObsCore/UCD-based row normalization.

Public helpers for the rest of the platform: :func:`ivoa_connector.adql.validate_adql` (raises
``BadQuery(field="adql")``) and the API in :mod:`ivoa_connector.api.urls`.
"""
