<?xml version="1.0" encoding="utf-8"?>
<!-- tapstudy: deterministic synthetic tables and services for ESAP's
     connector tests and benchmarks.  Installed by tests/services/setup-dachs.sh
     as /var/gavo/inputs/tapstudy/q.rd (RD id tapstudy/q).  Known answers:
     tests/services/dachs/KNOWN_ANSWERS.md. -->
<resource schema="tapstudy">
  <meta name="title">tapstudy synthetic catalogues</meta>
  <meta name="description">Deterministic synthetic source catalogues,
    images and spectra used for gateway integration tests and benchmarks.</meta>
  <meta name="creationDate">2026-11-25T00:00:00Z</meta>
  <meta name="subject">catalogs</meta>
  <meta name="creator.name">tapstudy</meta>
  <meta name="content.type">Catalog</meta>
  <meta name="coverage.waveband">Optical</meta>

  <table id="cat" onDisk="True" adql="True" primary="id"
      mixin="//scs#pgs-pos-index">
    <meta name="description">Small synthetic catalogue: 5000 sources in
      RA 150..160, Dec -5..5 (seed 42).</meta>
    <column name="id" type="integer" ucd="meta.id;meta.main"
      required="True" description="Source number"/>
    <column name="ra" type="double precision" unit="deg"
      ucd="pos.eq.ra;meta.main" verbLevel="1" description="RA (ICRS)"/>
    <column name="dec" type="double precision" unit="deg"
      ucd="pos.eq.dec;meta.main" verbLevel="1" description="Dec (ICRS)"/>
    <column name="mag" type="real" unit="mag" ucd="phot.mag;em.opt.V"
      description="Synthetic V magnitude"/>
    <column name="name" type="text" ucd="meta.id"
      description="Source designation"/>
    <column name="flag" type="smallint" ucd="meta.code"
      description="Quality flag (NULL for every 97th row)">
      <values nullLiteral="-1"/>
    </column>
  </table>

  <!-- onDisk/adql are NOT inherited through original=: without them the
       table silently becomes an in-memory table and is never created -->
  <table id="big" original="cat" onDisk="True" adql="True">
    <meta name="description">Large synthetic catalogue: 1,000,000 sources
      uniformly over the sky (seed 4242).</meta>
  </table>

  <table id="images" onDisk="True" mixin="//siap#pgs" adql="True">
    <meta name="description">25 tiny synthetic 64x64 FITS images.</meta>
    <column name="object" type="text" ucd="meta.id" description="Field name"/>
  </table>

  <!-- the 50 spectra exist as real files so that every obscore access_url
       downloads; this table only registers them as DaCHS products -->
  <table id="spectra" onDisk="True" mixin="//products#table" adql="True">
    <meta name="description">50 synthetic 1-D spectra (FITS binary
      tables WAVE/FLUX) referenced from tapstudy.obscore.</meta>
    <column name="object" type="text" ucd="meta.id;src" description="Target name"/>
    <column name="ra" type="double precision" unit="deg" ucd="pos.eq.ra;meta.main"
      description="RA (ICRS)"/>
    <column name="dec" type="double precision" unit="deg" ucd="pos.eq.dec;meta.main"
      description="Dec (ICRS)"/>
  </table>

  <!-- ObsCore 1.1 columns (names, units, UCDs, utypes as in the standard and
       in DaCHS's ivoa.ObsCore); publishObscoreLike also adds these rows
       to the ivoa.obscore view -->
  <table id="obscore" onDisk="True" adql="True" primary="obs_publisher_did"
      mixin="//obscore#publishObscoreLike">
    <meta name="description">ObsCore-style table: the 25 SIA images and 50
      synthetic spectra of tapstudy, one row per dataset.</meta>
    <stc>Polygon ICRS [s_region]</stc>
    <column name="dataproduct_type" type="text" ucd="meta.code.class"
      utype="obscore:obsdataset.dataproducttype"
      description="Data product (image, spectrum)"/>
    <column name="dataproduct_subtype" type="text" ucd="meta.code.class"
      utype="obscore:obsdataset.dataproductsubtype"
      description="Data product subtype (unused)"/>
    <column name="calib_level" type="smallint" required="True"
      ucd="meta.code;obs.calib" utype="obscore:obsdataset.caliblevel"
      description="Calibration level (0 raw .. 4 analysis product)"/>
    <column name="obs_collection" type="text" ucd="meta.id"
      utype="obscore:dataid.collection" description="Collection name"/>
    <column name="obs_id" type="text" ucd="meta.id"
      utype="obscore:DataID.observationID" description="Observation id"/>
    <column name="obs_title" type="text" ucd="meta.title;obs"
      utype="obscore:dataid.title" description="Dataset title"/>
    <column name="obs_publisher_did" type="text" ucd="meta.ref.ivoid"
      utype="obscore:curation.publisherdid" required="True"
      description="Publisher dataset identifier"/>
    <column name="obs_creator_did" type="text" ucd="meta.id"
      utype="obscore:dataid.creatordid" description="Creator dataset id (unused)"/>
    <column name="access_url" type="text" ucd="meta.ref.url"
      utype="obscore:access.reference" verbLevel="1"
      description="URL of the dataset (DaCHS getproduct)"/>
    <column name="access_format" type="text" ucd="meta.code.mime"
      utype="obscore:access.format" description="MIME type of the dataset"/>
    <column name="access_estsize" type="bigint" unit="kbyte"
      ucd="phys.size;meta.file" utype="obscore:access.size"
      description="Estimated dataset size">
      <values nullLiteral="-1"/>
    </column>
    <column name="target_name" type="text" ucd="meta.id;src"
      utype="obscore:Target.Name" description="Target name"/>
    <column name="target_class" type="text" ucd="src.class"
      utype="obscore:target.class" description="Target class"/>
    <column name="s_ra" type="double precision" unit="deg" ucd="pos.eq.ra"
      utype="obscore:char.spatialaxis.coverage.location.coord.position2d.value2.c1"
      description="Central RA (ICRS)"/>
    <column name="s_dec" type="double precision" unit="deg" ucd="pos.eq.dec"
      utype="obscore:char.spatialaxis.coverage.location.coord.position2d.value2.c2"
      description="Central Dec (ICRS)"/>
    <column name="s_fov" type="double precision" unit="deg"
      ucd="phys.angSize;instr.fov"
      utype="obscore:char.spatialaxis.coverage.bounds.extent.diameter"
      description="Field of view diameter"/>
    <column name="s_region" type="spoly" unit="deg" xtype="adql:REGION"
      ucd="pos.outline;obs.field"
      utype="obscore:char.spatialaxis.coverage.support.area"
      description="Footprint (polygon)"/>
    <column name="s_resolution" type="double precision" unit="arcsec"
      ucd="pos.angResolution"
      utype="obscore:Char.SpatialAxis.Resolution.refval.value"
      description="Spatial resolution"/>
    <column name="s_xel1" type="bigint" ucd="meta.number"
      utype="obscore:Char.SpatialAxis.numBins1" description="Pixels along axis 1">
      <values nullLiteral="-1"/>
    </column>
    <column name="s_xel2" type="bigint" ucd="meta.number"
      utype="obscore:Char.SpatialAxis.numBins2" description="Pixels along axis 2">
      <values nullLiteral="-1"/>
    </column>
    <column name="s_pixel_scale" type="double precision" unit="arcsec"
      ucd="phys.angSize;instr.pixel"
      utype="obscore:Char.SpatialAxis.Sampling.RefVal.SamplingPeriod"
      description="Pixel scale"/>
    <column name="t_min" type="double precision" unit="d" xtype="mjd"
      ucd="time.start;obs.exposure"
      utype="obscore:char.timeaxis.coverage.bounds.limits.starttime"
      description="Start of exposure (MJD)"/>
    <column name="t_max" type="double precision" unit="d" xtype="mjd"
      ucd="time.end;obs.exposure"
      utype="obscore:char.timeaxis.coverage.bounds.limits.stoptime"
      description="End of exposure (MJD)"/>
    <column name="t_exptime" type="real" unit="s"
      ucd="time.duration;obs.exposure"
      utype="obscore:char.timeaxis.coverage.support.extent"
      description="Exposure time"/>
    <column name="t_resolution" type="real" unit="s" ucd="time.resolution"
      utype="obscore:char.timeaxis.resolution.refval.value"
      description="Time resolution"/>
    <column name="t_xel" type="bigint" ucd="meta.number"
      utype="obscore:Char.TimeAxis.numBins" description="Time bins">
      <values nullLiteral="-1"/>
    </column>
    <column name="em_min" type="double precision" unit="m" ucd="em.wl;stat.min"
      utype="obscore:char.spectralaxis.coverage.bounds.limits.lolimit"
      description="Minimum wavelength"/>
    <column name="em_max" type="double precision" unit="m" ucd="em.wl;stat.max"
      utype="obscore:char.spectralaxis.coverage.bounds.limits.hilimit"
      description="Maximum wavelength"/>
    <column name="em_res_power" type="double precision" ucd="spect.resolution"
      utype="obscore:char.spectralaxis.resolution.resolpower.refval"
      description="Spectral resolving power"/>
    <column name="em_xel" type="bigint" ucd="meta.number"
      utype="obscore:Char.SpectralAxis.numBins" description="Spectral bins">
      <values nullLiteral="-1"/>
    </column>
    <column name="em_ucd" type="text" ucd="meta.ucd"
      utype="obscore:Char.SpectralAxis.ucd" description="UCD of the spectral axis"/>
    <column name="o_ucd" type="text" ucd="meta.ucd"
      utype="obscore:char.observableaxis.ucd" description="UCD of the observable"/>
    <column name="pol_states" type="text" ucd="meta.code;phys.polarization"
      utype="obscore:Char.PolarizationAxis.stateList"
      description="Polarization states (unused)"/>
    <column name="pol_xel" type="bigint" ucd="meta.number"
      utype="obscore:Char.PolarizationAxis.numBins" description="Polarization bins">
      <values nullLiteral="-1"/>
    </column>
    <column name="facility_name" type="text" ucd="meta.id;instr.tel"
      utype="obscore:Provenance.ObsConfig.facility.name" description="Facility"/>
    <column name="instrument_name" type="text" ucd="meta.id;instr"
      utype="obscore:Provenance.ObsConfig.instrument.name" description="Instrument"/>
    <column name="preview" type="text" ucd="meta.ref.url;meta.preview"
      description="Preview URL (unused)"/>
  </table>

  <data id="import_cat">
    <sources>data/cat.csv</sources>
    <csvGrammar/>
    <make table="cat"><rowmaker idmaps="*"/></make>
  </data>

  <data id="import_big">
    <sources>data/big.csv</sources>
    <csvGrammar/>
    <make table="big"><rowmaker idmaps="*"/></make>
  </data>

  <data id="import_img">
    <sources pattern="img/*.fits"/>
    <fitsProdGrammar>
      <rowfilter procDef="//products#define">
        <bind key="table">"tapstudy.images"</bind>
      </rowfilter>
    </fitsProdGrammar>
    <make table="images">
      <rowmaker>
        <apply procDef="//siap#setMeta">
          <bind key="dateObs">@DATE_OBS</bind>
          <bind key="bandpassId">"Johnson V"</bind>
          <bind key="title">"tapstudy "+@OBJECT</bind>
          <bind key="instrument">"synthetic"</bind>
        </apply>
        <apply procDef="//siap#getBandFromFilter"/>
        <apply procDef="//siap#computePGS"/>
        <map key="object">@OBJECT</map>
      </rowmaker>
    </make>
  </data>

  <data id="import_spec">
    <sources pattern="spec/*.fits"/>
    <fitsProdGrammar>
      <rowfilter procDef="//products#define">
        <bind key="table">"tapstudy.spectra"</bind>
        <bind key="mime">"application/fits"</bind>
      </rowfilter>
    </fitsProdGrammar>
    <make table="spectra">
      <rowmaker>
        <map key="object">@OBJECT</map>
        <map key="ra">@RA</map>
        <map key="dec">@DEC</map>
      </rowmaker>
    </make>
  </data>

  <data id="import_obscore">
    <sources>data/obscore.csv</sources>
    <csvGrammar>
      <rowfilter name="emptyToNull">
        <code>
          yield dict((k, None if v=="" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="obscore">
      <rowmaker idmaps="*">
        <map key="s_region">None if @s_region is None else pgsphere.SPoly.fromDALI([float(x) for x in @s_region.split()])</map>
      </rowmaker>
    </make>
  </data>

  <service id="sia" allowed="form,siap.xml">
    <meta name="shortName">tapstudy sia</meta>
    <meta name="sia.type">Pointed</meta>
    <meta name="testQuery.pos.ra">155</meta>
    <meta name="testQuery.pos.dec">0</meta>
    <meta name="testQuery.size.ra">0.1</meta>
    <meta name="testQuery.size.dec">0.1</meta>
    <dbCore queriedTable="images">
      <condDesc original="//siap#protoInput"/>
      <condDesc original="//siap#humanInput"/>
    </dbCore>
    <publish render="siap.xml" sets="ivo_managed"/>
  </service>

  <service id="cone" allowed="scs.xml,form">
    <meta name="shortName">tapstudy cone</meta>
    <meta name="testQuery.ra">155.0</meta>
    <meta name="testQuery.dec">0.0</meta>
    <meta name="testQuery.sr">0.5</meta>
    <scsCore queriedTable="cat">
      <FEED source="//scs#coreDescs"/>
    </scsCore>
    <publish render="scs.xml" sets="ivo_managed"/>
  </service>

  <service id="bigcone" allowed="scs.xml,form">
    <meta name="shortName">tapstudy bigcone</meta>
    <meta name="title">tapstudy cone search on the 1M-row table</meta>
    <meta name="testQuery.ra">10.0</meta>
    <meta name="testQuery.dec">20.0</meta>
    <meta name="testQuery.sr">1.0</meta>
    <scsCore queriedTable="big">
      <FEED source="//scs#coreDescs"/>
    </scsCore>
    <publish render="scs.xml" sets="ivo_managed"/>
  </service>
</resource>
