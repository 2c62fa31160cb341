<?xml version="1.0" encoding="utf-8"?>
<!-- A miniature IVOA Relational Registry (RegTAP 1.1, schema rr) for ESAP's
     registry-search tests: a dozen synthetic records, among them the local
     TAP, SCS and SIA services.  Installed by tests/services/setup-dachs.sh as
     /var/gavo/inputs/tapstudy/rr.rd (RD id tapstudy/rr); content comes from
     data/regtap.json written by gen_regtap.py.  Table and column names follow
     RegTAP 1.1 (https://www.ivoa.net/documents/RegTAP/); the ADQL functions
     ivo_hasword, ivo_nocasematch, ivo_hashlist_has, ivo_string_agg are built
     into DaCHS.  Not a harvesting registry: no OAI-PMH, nothing is harvested. -->
<resource schema="rr" resdir="tapstudy">
  <meta name="title">tapstudy miniature relational registry</meta>
  <meta name="description">Synthetic RegTAP 1.1 tables for registry
    search tests (not a real registry).</meta>
  <meta name="creationDate">2026-11-25T00:00:00Z</meta>
  <meta name="subject">virtual-observatories</meta>
  <meta name="creator.name">tapstudy</meta>

  <table id="resource" onDisk="True" adql="True" primary="ivoid">
    <meta name="description">The resources (services, data collections)
      known to this registry.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Unambiguous reference to the resource (lowercased)"/>
    <column name="res_type" type="text" ucd="meta.code.class"
      description="Resource type (vs:catalogservice, vs:catalogresource, ...)"/>
    <column name="created" type="timestamp" ucd="time.creation"
      description="Creation date of the resource record"/>
    <column name="short_name" type="text" ucd="meta.id"
      description="Short name of the resource"/>
    <column name="res_title" type="unicode" ucd="meta.title"
      description="Resource title"/>
    <column name="updated" type="timestamp" ucd="time.processing"
      description="Last update of the resource record"/>
    <column name="content_level" type="text" ucd="meta.code"
      description="Hash-separated audience terms"/>
    <column name="res_description" type="unicode" ucd="meta.note"
      description="Resource description"/>
    <column name="reference_url" type="text" ucd="meta.ref.url"
      description="URL of documentation"/>
    <column name="creator_seq" type="unicode" ucd="meta.bib.author"
      description="Creator names joined by '; '"/>
    <column name="content_type" type="text" ucd="meta.code"
      description="Hash-separated content types"/>
    <column name="source_format" type="text" ucd="meta.code"
      description="Format of source_value (e.g. bibcode)"/>
    <column name="source_value" type="unicode" ucd="meta.bib"
      description="Bibliographic source"/>
    <column name="res_version" type="text" ucd="meta.version"
      description="Version of the resource"/>
    <column name="region_of_regard" type="real" unit="deg"
      ucd="pos.angResolution" description="Typical spatial resolution"/>
    <column name="waveband" type="text" ucd="instr.bandpass"
      description="Hash-separated messenger terms (lowercase)"/>
    <column name="rights" type="unicode" ucd="meta.note"
      description="Rights statement"/>
    <column name="rights_uri" type="text" ucd="meta.ref.url"
      description="URI of the licence"/>
  </table>

  <table id="alt_identifier" onDisk="True" adql="True">
    <meta name="description">Alternative identifiers (e.g. DOIs).</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="alt_identifier" type="text" ucd="meta.ref.uri"
      description="Alternative identifier (URI form)"/>
  </table>

  <table id="capability" onDisk="True" adql="True" primary="ivoid,cap_index">
    <meta name="description">Capabilities of the resources.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="cap_index" type="smallint" required="True" ucd="meta.id"
      description="Index of the capability within the resource"/>
    <column name="cap_type" type="text" ucd="meta.code"
      description="xsi:type of the capability"/>
    <column name="cap_description" type="unicode" ucd="meta.note"
      description="Capability description"/>
    <column name="standard_id" type="text" ucd="meta.ref.ivoid"
      description="Standard implemented (lowercased)"/>
  </table>

  <table id="interface" onDisk="True" adql="True" primary="ivoid,intf_index">
    <meta name="description">Interfaces (access URLs) of the capabilities.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="cap_index" type="smallint" ucd="meta.ref"
      description="Capability this interface belongs to">
      <values nullLiteral="-1"/>
    </column>
    <column name="intf_index" type="smallint" required="True" ucd="meta.id"
      description="Index of the interface within the resource"/>
    <column name="intf_type" type="text" ucd="meta.code"
      description="xsi:type of the interface (vs:paramhttp, vr:webbrowser)"/>
    <column name="intf_role" type="text" ucd="meta.code"
      description="'std' for standard interfaces"/>
    <column name="std_version" type="text" ucd="meta.version"
      description="Version of the standard"/>
    <column name="query_type" type="text" ucd="meta.code"
      description="Hash-separated HTTP methods"/>
    <column name="result_type" type="text" ucd="meta.code.mime"
      description="MIME type of the results"/>
    <column name="wsdl_url" type="text" ucd="meta.ref.url"
      description="WSDL URL (SOAP only)"/>
    <column name="url_use" type="text" ucd="meta.code"
      description="base, full, post or dir"/>
    <column name="access_url" type="text" ucd="meta.ref.url"
      description="Access URL"/>
    <column name="mirror_url" type="text" ucd="meta.ref.url"
      description="Hash-separated mirror URLs"/>
    <column name="authenticated_only" type="smallint" ucd="meta.code"
      description="1 if the interface requires authentication">
      <values nullLiteral="-1"/>
    </column>
    <column name="security_method_id" type="text" ucd="meta.code"
      description="Security method ivoid"/>
  </table>

  <table id="intf_param" onDisk="True" adql="True">
    <meta name="description">Input parameters of interfaces.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="intf_index" type="smallint" ucd="meta.ref"
      description="Interface">
      <values nullLiteral="-1"/>
    </column>
    <column name="name" type="text" ucd="meta.id" description="Parameter name"/>
    <column name="ucd" type="text" ucd="meta.ucd" description="UCD"/>
    <column name="unit" type="text" ucd="meta.unit" description="Unit"/>
    <column name="utype" type="text" ucd="meta.utype" description="Utype"/>
    <column name="std" type="smallint" ucd="meta.code"
      description="1 if defined by the standard">
      <values nullLiteral="-1"/>
    </column>
    <column name="datatype" type="text" ucd="meta.code" description="Type"/>
    <column name="extended_schema" type="text" ucd="meta.code"
      description="Schema of the extended type"/>
    <column name="extended_type" type="text" ucd="meta.code"
      description="Extended type"/>
    <column name="arraysize" type="text" ucd="meta.code" description="Array size"/>
    <column name="delim" type="text" ucd="meta.code" description="Array delimiter"/>
    <column name="param_use" type="text" ucd="meta.code"
      description="required, optional or ignored"/>
    <column name="param_description" type="unicode" ucd="meta.note"
      description="Description"/>
  </table>

  <table id="relationship" onDisk="True" adql="True">
    <meta name="description">Relationships between resources.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="relationship_type" type="text" ucd="meta.code"
      description="served-by, service-for, ..."/>
    <column name="related_id" type="text" ucd="meta.ref.ivoid"
      description="Related resource"/>
    <column name="related_name" type="unicode" ucd="meta.id"
      description="Name of the related resource"/>
  </table>

  <table id="res_date" onDisk="True" adql="True">
    <meta name="description">Dates associated with resources.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="date_value" type="timestamp" ucd="time.epoch"
      description="The date"/>
    <column name="value_role" type="text" ucd="meta.code"
      description="Role of the date (created, updated, ...)"/>
  </table>

  <table id="res_detail" onDisk="True" adql="True">
    <meta name="description">XPath-value pairs of resource metadata
      not in other tables.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="cap_index" type="smallint" ucd="meta.ref"
      description="Capability (NULL for resource-level details)">
      <values nullLiteral="-1"/>
    </column>
    <column name="detail_xpath" type="text" ucd="meta.id"
      description="XPath of the detail"/>
    <column name="detail_value" type="unicode" ucd="meta.value"
      description="Value (lowercased where case-insensitive)"/>
  </table>

  <table id="res_role" onDisk="True" adql="True">
    <meta name="description">Persons and organisations related to
      resources.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="role_name" type="unicode" ucd="meta.id"
      description="Name of the entity"/>
    <column name="role_ivoid" type="text" ucd="meta.ref.ivoid"
      description="ivoid of the entity"/>
    <column name="street_address" type="unicode" ucd="meta.note"
      description="Postal address"/>
    <column name="email" type="text" ucd="meta.ref.url;meta.email"
      description="Email address"/>
    <column name="telephone" type="text" ucd="meta.note"
      description="Telephone"/>
    <column name="logo" type="text" ucd="meta.ref.url"
      description="Logo URL"/>
    <column name="base_role" type="text" ucd="meta.code"
      description="contact, publisher or creator"/>
  </table>

  <table id="res_schema" onDisk="True" adql="True">
    <meta name="description">Schemas of the tablesets.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="schema_index" type="smallint" ucd="meta.id"
      description="Index of the schema">
      <values nullLiteral="-1"/>
    </column>
    <column name="schema_description" type="unicode" ucd="meta.note"
      description="Description"/>
    <column name="schema_name" type="text" ucd="meta.id" description="Name"/>
    <column name="schema_title" type="unicode" ucd="meta.title" description="Title"/>
    <column name="schema_utype" type="text" ucd="meta.utype" description="Utype"/>
  </table>

  <table id="res_subject" onDisk="True" adql="True">
    <meta name="description">Subject keywords of resources.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="res_subject" type="text" ucd="meta.id"
      description="Subject keyword"/>
  </table>

  <table id="res_table" onDisk="True" adql="True">
    <meta name="description">Tables of the resources' tablesets.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="schema_index" type="smallint" ucd="meta.ref"
      description="Schema">
      <values nullLiteral="-1"/>
    </column>
    <column name="table_description" type="unicode" ucd="meta.note"
      description="Description"/>
    <column name="table_name" type="text" ucd="meta.id" description="Name"/>
    <column name="table_index" type="smallint" ucd="meta.id"
      description="Index of the table within the resource">
      <values nullLiteral="-1"/>
    </column>
    <column name="table_title" type="unicode" ucd="meta.title" description="Title"/>
    <column name="table_type" type="text" ucd="meta.code"
      description="output, base_table, view"/>
    <column name="table_utype" type="text" ucd="meta.utype"
      description="Utype (lowercased)"/>
    <column name="nrows" type="bigint" ucd="meta.number"
      description="Approximate number of rows">
      <values nullLiteral="-1"/>
    </column>
  </table>

  <table id="table_column" onDisk="True" adql="True">
    <meta name="description">Columns of the tables in res_table.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="table_index" type="smallint" ucd="meta.ref"
      description="Table">
      <values nullLiteral="-1"/>
    </column>
    <column name="name" type="text" ucd="meta.id" description="Column name"/>
    <column name="ucd" type="text" ucd="meta.ucd" description="UCD"/>
    <column name="unit" type="text" ucd="meta.unit" description="Unit"/>
    <column name="utype" type="text" ucd="meta.utype" description="Utype"/>
    <column name="std" type="smallint" ucd="meta.code"
      description="1 if defined by a standard">
      <values nullLiteral="-1"/>
    </column>
    <column name="datatype" type="text" ucd="meta.code" description="Type"/>
    <column name="extended_schema" type="text" ucd="meta.code"
      description="Schema of the extended type"/>
    <column name="extended_type" type="text" ucd="meta.code"
      description="Extended type (xtype)"/>
    <column name="arraysize" type="text" ucd="meta.code" description="Array size"/>
    <column name="delim" type="text" ucd="meta.code" description="Array delimiter"/>
    <column name="type_system" type="text" ucd="meta.code"
      description="vs:votabletype or vs:taptype"/>
    <column name="flag" type="text" ucd="meta.code"
      description="Hash-separated flags (indexed, primary, nullable)"/>
    <column name="column_description" type="unicode" ucd="meta.note"
      description="Description"/>
  </table>

  <table id="validation" onDisk="True" adql="True">
    <meta name="description">Validation levels of resources.</meta>
    <column name="ivoid" type="text" ucd="meta.ref.ivoid" required="True"
      description="Resource"/>
    <column name="validated_by" type="text" ucd="meta.ref.ivoid"
      description="Validating registry"/>
    <column name="val_level" type="smallint" ucd="meta.code.qual"
      description="Validation level (0..4)">
      <values nullLiteral="-1"/>
    </column>
    <column name="cap_index" type="smallint" ucd="meta.ref"
      description="Capability (NULL for the whole resource)">
      <values nullLiteral="-1"/>
    </column>
  </table>

  <!-- one dispatching grammar feeds all tables from a single JSON file
       {"table_id": [{column: value, ...}, ...], ...} -->
  <data id="import">
    <sources>data/regtap.json</sources>
    <embeddedGrammar isDispatching="True">
      <iterator>
        <code>
          import json
          with open(self.sourceToken, encoding="utf-8") as f:
            content = json.load(f)
          for tableId, rows in content.items():
            for row in rows:
              yield tableId, row
        </code>
      </iterator>
    </embeddedGrammar>
    <make table="resource" role="resource"><rowmaker idmaps="*"/></make>
    <make table="alt_identifier" role="alt_identifier"><rowmaker idmaps="*"/></make>
    <make table="capability" role="capability"><rowmaker idmaps="*"/></make>
    <make table="interface" role="interface"><rowmaker idmaps="*"/></make>
    <make table="intf_param" role="intf_param"><rowmaker idmaps="*"/></make>
    <make table="relationship" role="relationship"><rowmaker idmaps="*"/></make>
    <make table="res_date" role="res_date"><rowmaker idmaps="*"/></make>
    <make table="res_detail" role="res_detail"><rowmaker idmaps="*"/></make>
    <make table="res_role" role="res_role"><rowmaker idmaps="*"/></make>
    <make table="res_schema" role="res_schema"><rowmaker idmaps="*"/></make>
    <make table="res_subject" role="res_subject"><rowmaker idmaps="*"/></make>
    <make table="res_table" role="res_table"><rowmaker idmaps="*"/></make>
    <make table="table_column" role="table_column"><rowmaker idmaps="*"/></make>
    <make table="validation" role="validation"><rowmaker idmaps="*"/></make>
  </data>
</resource>
