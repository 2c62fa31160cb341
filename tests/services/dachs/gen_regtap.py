#!/usr/bin/python3
"""Records for the miniature RegTAP 1.1 registry (rr.rd).

usage: gen_regtap.py RDDIR OUTFILE BASEURL
  RDDIR    directory holding q.rd and rr.rd (column metadata is read from them)
  OUTFILE  JSON file {rr_table_id: [row, ...]} consumed by rr.rd
  BASEURL  DaCHS serverURL, e.g. http://127.0.0.1:28080

13 resources: the four real local services (TAP, SCS cone, SCS bigcone,
SIA) and nine synthetic ones whose access URLs live under
BASEURL/synthetic/... (they answer 404: loopback only, never external).
RegTAP conventions: ivoids, standard ids, utypes, res_type, waveband terms
are lowercase; list-valued columns are '#'-separated.  See KNOWN_ANSWERS.md.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET

CREATED = "2026-11-25T00:00:00"
UPDATED = "2026-11-25T12:00:00"
STD = {
    "tap": "ivo://ivoa.net/std/tap",
    "scs": "ivo://ivoa.net/std/conesearch",
    "sia": "ivo://ivoa.net/std/sia",
    "ssa": "ivo://ivoa.net/std/ssa",
    "tap#aux": "ivo://ivoa.net/std/tap#aux",
}
CAP_TYPE = {"tap": "tr:tableaccess", "scs": "cs:conesearch", "sia": "sia:simpleimageaccess",
            "ssa": "ssa:simplespectralaccess", "tap#aux": "tr:tableaccess"}
STD_VERSION = {"tap": "1.1", "scs": "1.03", "sia": "1.0", "ssa": "1.1", "tap#aux": "1.1"}
VOTYPE = {  # DaCHS type -> (VOTable datatype, arraysize, xtype)
    "integer": ("int", None, None), "smallint": ("short", None, None),
    "bigint": ("long", None, None), "real": ("float", None, None),
    "double precision": ("double", None, None), "text": ("char", "*", None),
    "unicode": ("unicodeChar", "*", None), "spoly": ("double", "*", "polygon"),
    "timestamp": ("char", "*", "timestamp"),
}


def rd_tables(path):
    """{table id: [column attribute dicts]} from a resource descriptor,
    resolving original= copies (enough for our own RDs)."""
    root = ET.parse(path).getroot()
    tables = {}
    for t in root.findall("table"):
        cols = [dict(c.attrib) for c in t.findall("column")]
        if not cols and t.get("original"):
            cols = tables[t.get("original")]
        tables[t.get("id")] = cols
    return tables


def main():
    rddir, outfile, base = sys.argv[1], sys.argv[2], sys.argv[3].rstrip("/")
    qtables = rd_tables(os.path.join(rddir, "q.rd"))
    rrcols = {tid: [c["name"] for c in cols]
              for tid, cols in rd_tables(os.path.join(rddir, "rr.rd")).items()}
    out = {tid: [] for tid in rrcols}

    def add(table, **row):
        unknown = set(row) - set(rrcols[table])
        assert not unknown, (table, unknown)
        out[table].append({c: row.get(c) for c in rrcols[table]})

    def table_columns(ivoid, tindex, cols):
        for c in cols:
            datatype, arraysize, xtype = VOTYPE[c.get("type", "real")]
            add("table_column", ivoid=ivoid, table_index=tindex, name=c["name"],
                ucd=c.get("ucd"), unit=c.get("unit"),
                utype=c["utype"].lower() if c.get("utype") else None,
                std=1 if c.get("utype") else 0, datatype=datatype,
                extended_type=c.get("xtype", xtype), arraysize=arraysize,
                type_system="vs:votabletype",
                column_description=c.get("description"))

    def resource(ivoid, *, title, short, desc, res_type="vs:catalogservice",
                 waveband, subjects, creators, caps, tables=(), content_type="catalog",
                 reference_url=None, details=(), alt_ids=(), relations=(), params=()):
        add("resource", ivoid=ivoid, res_type=res_type, created=CREATED,
            short_name=short, res_title=title, updated=UPDATED,
            content_level="research", res_description=desc,
            reference_url=reference_url or f"{base}/synthetic/docs/{short.replace(' ', '-')}",
            creator_seq="; ".join(creators), content_type=content_type,
            res_version="1.0", region_of_regard=1.0, waveband=waveband,
            rights="public", rights_uri="https://creativecommons.org/publicdomain/zero/1.0/")
        for s in subjects:
            add("res_subject", ivoid=ivoid, res_subject=s)
        for _i, c in enumerate(creators):
            add("res_role", ivoid=ivoid, role_name=c, base_role="creator")
        add("res_role", ivoid=ivoid, role_name="ESAP test suite", base_role="publisher")
        add("res_role", ivoid=ivoid, role_name="ESAP test contact",
            email="esap-tests@example.invalid", base_role="contact")
        add("res_date", ivoid=ivoid, date_value=CREATED, value_role="created")
        add("res_date", ivoid=ivoid, date_value=UPDATED, value_role="updated")
        add("validation", ivoid=ivoid, validated_by="ivo://tapstudy.test/esap-tests",
            val_level=2)
        intf_index = 0
        for cap_index, (kind, url, cap_desc) in enumerate(caps, start=1):
            if kind == "web":       # browser interface: no standard id
                add("capability", ivoid=ivoid, cap_index=cap_index,
                    cap_type=None, cap_description=cap_desc, standard_id=None)
                intf_index += 1
                add("interface", ivoid=ivoid, cap_index=cap_index, intf_index=intf_index,
                    intf_type="vr:webbrowser", intf_role=None, url_use="full",
                    access_url=url, authenticated_only=0)
                continue
            add("capability", ivoid=ivoid, cap_index=cap_index, cap_type=CAP_TYPE[kind],
                cap_description=cap_desc, standard_id=STD[kind])
            intf_index += 1
            add("interface", ivoid=ivoid, cap_index=cap_index, intf_index=intf_index,
                intf_type="vs:paramhttp", intf_role="std", std_version=STD_VERSION[kind],
                query_type="get#post" if kind.startswith("tap") else "get",
                result_type="application/x-votable+xml",
                url_use="base",
                access_url=url, authenticated_only=0)
            if kind == "scs":
                for pname, ucd, unit, pdesc in (
                        ("RA", "pos.eq.ra;meta.main", "deg", "Right ascension (ICRS)"),
                        ("DEC", "pos.eq.dec;meta.main", "deg", "Declination (ICRS)"),
                        ("SR", "phys.angSize;src", "deg", "Search radius")):
                    add("intf_param", ivoid=ivoid, intf_index=intf_index, name=pname,
                        ucd=ucd, unit=unit, std=1, datatype="double",
                        param_use="required", param_description=pdesc)
        for xpath, value in details:    # all details belong to the first capability
            add("res_detail", ivoid=ivoid, cap_index=1,
                detail_xpath=xpath, detail_value=value)
        if tables:
            add("res_schema", ivoid=ivoid, schema_index=0, schema_name=tables[0][0].split(".")[0],
                schema_description="Tables of this resource")
        for tindex, (tname, ttitle, tdesc, nrows, tutype, cols) in enumerate(tables, start=1):
            add("res_table", ivoid=ivoid, schema_index=0, table_name=tname,
                table_index=tindex, table_title=ttitle, table_description=tdesc,
                table_type="table", table_utype=tutype, nrows=nrows)
            table_columns(ivoid, tindex, cols)
        for a in alt_ids:
            add("alt_identifier", ivoid=ivoid, alt_identifier=a)
        for rtype, rid, rname in relations:
            add("relationship", ivoid=ivoid, relationship_type=rtype,
                related_id=rid, related_name=rname)

    cat_t = ("tapstudy.cat", "tapstudy small catalogue",
             "Small synthetic catalogue: 5000 sources in RA 150..160, Dec -5..5.",
             5000, None, qtables["cat"])
    big_t = ("tapstudy.big", "tapstudy large catalogue",
             "Large synthetic catalogue: 1,000,000 sources uniformly over the sky.",
             1000000, None, qtables["big"])
    obs_t = ("tapstudy.obscore", "tapstudy ObsCore table",
             "ObsCore-style table of the 25 tapstudy images and 50 spectra.",
             75, None, qtables["obscore"])
    sim_cols = [  # generic columns of the synthetic services' tables
        {"name": "id", "type": "bigint", "ucd": "meta.id;meta.main", "description": "Identifier"},
        {"name": "ra", "type": "double precision", "unit": "deg", "ucd": "pos.eq.ra;meta.main",
         "description": "RA"},
        {"name": "dec", "type": "double precision", "unit": "deg", "ucd": "pos.eq.dec;meta.main",
         "description": "Dec"},
    ]

    def synth_table(name, title, extra):
        return (name, title, f"Synthetic table {name}.", 1000, None, sim_cols + extra)

    # --- the real local services -----------------------------------------
    resource(
        "ivo://tapstudy.test/tap", short="tapstudy TAP",
        title="tapstudy local TAP service",
        desc="Table access protocol service of the local tapstudy DaCHS: synthetic "
             "source catalogues, images, spectra, an ObsCore table and this "
             "miniature relational registry.",
        waveband="optical#infrared", subjects=["catalogs", "surveys", "virtual-observatories"],
        creators=["tapstudy"], content_type="catalog#survey",
        reference_url=f"{base}/__system__/tap/run/info",
        caps=[("tap", f"{base}/tap", "The local TAP endpoint")],
        details=[("/capability/dataModel/@ivo-id", "ivo://ivoa.net/std/obscore#core-1.1"),
                 ("/capability/dataModel/@ivo-id", "ivo://ivoa.net/std/regtap#1.1"),
                 ("/capability/language/version/@ivo-id", "ivo://ivoa.net/std/adql#v2.0")],
        tables=[cat_t, big_t, obs_t])
    resource(
        "ivo://tapstudy.test/tapstudy/q/cone", short="tapstudy cone",
        title="tapstudy cone search (5000-source catalogue)",
        desc="Simple cone search over the small synthetic tapstudy catalogue "
             "of 5000 optical sources.",
        waveband="optical", subjects=["catalogs"], creators=["tapstudy"],
        reference_url=f"{base}/tapstudy/q/cone/info",
        caps=[("scs", f"{base}/tapstudy/q/cone/scs.xml", "Cone search on tapstudy.cat"),
              ("web", f"{base}/tapstudy/q/cone/form", "Browser form")],
        details=[("/capability/maxSR", "180"), ("/capability/maxRecords", "20000")],
        tables=[cat_t])
    resource(
        "ivo://tapstudy.test/tapstudy/q/bigcone", short="tapstudy bigcone",
        title="tapstudy cone search on the 1M-row table",
        desc="Simple cone search over the large synthetic all-sky tapstudy "
             "catalogue of one million sources.",
        waveband="optical", subjects=["catalogs", "surveys"], creators=["tapstudy"],
        reference_url=f"{base}/tapstudy/q/bigcone/info",
        caps=[("scs", f"{base}/tapstudy/q/bigcone/scs.xml", "Cone search on tapstudy.big")],
        tables=[big_t])
    resource(
        "ivo://tapstudy.test/tapstudy/q/sia", short="tapstudy sia",
        title="tapstudy image access (25 synthetic fields)",
        desc="Simple image access service for 25 synthetic 64x64 pixel V band "
             "images on a 5x5 grid around RA 155, Dec 0.",
        waveband="optical", subjects=["images", "surveys"], creators=["tapstudy"],
        content_type="survey", reference_url=f"{base}/tapstudy/q/sia/info",
        caps=[("sia", f"{base}/tapstudy/q/sia/siap.xml", "SIAP version 1"),
              ("web", f"{base}/tapstudy/q/sia/form", "Browser form")])

    # --- synthetic services (URLs answer 404 on the local DaCHS) ------------
    syn = f"{base}/synthetic"
    resource(
        "ivo://synthetic.test/lofar-like/tap", short="LoLF TAP",
        title="Synthetic low-frequency radio continuum survey",
        desc="A synthetic LOFAR-like radio continuum survey at 144 MHz with "
             "source catalogues and image cutouts.",
        waveband="radio", subjects=["radio-astronomy", "surveys", "radio-continuum-emission"],
        creators=["Synthetic Radio Team", "A. Tester"], content_type="catalog#survey",
        caps=[("tap", f"{syn}/lofar-like/tap", "TAP endpoint")],
        details=[("/capability/dataModel/@ivo-id", "ivo://ivoa.net/std/obscore#core-1.1")],
        tables=[synth_table("lolf.sources", "LoLF sources",
                            [{"name": "flux_144", "type": "real", "unit": "mJy",
                              "ucd": "phot.flux.density;em.radio", "description": "Flux 144 MHz"}])])
    resource(
        "ivo://synthetic.test/apertif-like/sia", short="APT SIA",
        title="Synthetic 1.4 GHz radio image archive",
        desc="Synthetic Apertif-like radio continuum images at 1.4 GHz.",
        waveband="radio", subjects=["radio-astronomy", "images"],
        creators=["Synthetic Radio Team"], content_type="survey",
        caps=[("sia", f"{syn}/apertif-like/siap.xml", "SIAP version 1")])
    resource(
        "ivo://synthetic.test/xmm-like/scs", short="XSRC cone",
        title="Synthetic X-ray source catalogue",
        desc="Cone search over a synthetic serendipitous X-ray source catalogue.",
        waveband="x-ray", subjects=["x-ray-astronomy", "catalogs"],
        creators=["Synthetic High Energy Team"],
        caps=[("scs", f"{syn}/xmm-like/scs.xml", "Cone search")],
        tables=[synth_table("xsrc.main", "X-ray sources",
                            [{"name": "flux_x", "type": "real", "unit": "mW/m**2",
                              "ucd": "phot.flux;em.x-ray", "description": "X-ray flux"}])])
    resource(
        "ivo://synthetic.test/fermi-like/tap", short="GRB TAP",
        title="Synthetic gamma-ray burst and source archive",
        desc="Synthetic gamma-ray burst catalogue and gamma ray source list.",
        waveband="gamma-ray", subjects=["gamma-ray-astronomy", "gamma-ray-bursts"],
        creators=["Synthetic High Energy Team"],
        caps=[("tap", f"{syn}/fermi-like/tap", "TAP endpoint")],
        tables=[synth_table("grb.bursts", "Gamma-ray bursts",
                            [{"name": "t90", "type": "real", "unit": "s",
                              "ucd": "time.duration", "description": "T90 duration"}])])
    resource(
        "ivo://synthetic.test/2mass-like/scs", short="NIRC cone",
        title="Synthetic near-infrared point source catalogue",
        desc="Cone search over a synthetic near-infrared J, H, K point source catalogue.",
        waveband="infrared", subjects=["infrared-astronomy", "catalogs"],
        creators=["Synthetic Infrared Team"],
        caps=[("scs", f"{syn}/2mass-like/scs.xml", "Cone search")],
        tables=[synth_table("nirc.main", "NIR sources",
                            [{"name": "kmag", "type": "real", "unit": "mag",
                              "ucd": "phot.mag;em.ir.k", "description": "K magnitude"}])])
    resource(
        "ivo://synthetic.test/galex-like/sia", short="UVI SIA",
        title="Synthetic ultraviolet imaging survey",
        desc="Synthetic far and near ultraviolet images of nearby galaxies from an all-sky "
             "imaging survey.",
        waveband="uv", subjects=["ultraviolet-astronomy", "galaxies", "images"],
        creators=["Synthetic UV Team"], content_type="survey",
        caps=[("sia", f"{syn}/galex-like/siap.xml", "SIAP version 1")])
    resource(
        "ivo://synthetic.test/alma-like/tap", short="MMA TAP",
        title="Synthetic millimetre interferometer archive",
        desc="Synthetic ALMA-like millimetre and submillimetre interferometry "
             "observations with an ObsCore table.",
        waveband="millimeter#radio", subjects=["millimeter-astronomy", "interferometry"],
        creators=["Synthetic Radio Team"], content_type="archive",
        caps=[("tap", f"{syn}/alma-like/tap", "TAP endpoint")],
        details=[("/capability/dataModel/@ivo-id", "ivo://ivoa.net/std/obscore#core-1.1")])
    resource(
        "ivo://synthetic.test/pulsars", short="PSRCAT",
        res_type="vs:catalogresource",
        title="Synthetic pulsar catalogue",
        desc="A synthetic catalogue of radio and gamma-ray pulsars with periods, "
             "dispersion measures and distances; a data collection served through "
             "the local TAP service (auxiliary capability).",
        waveband="radio#gamma-ray", subjects=["pulsars", "catalogs"],
        creators=["Synthetic Radio Team", "A. Tester"],
        caps=[("tap#aux", f"{base}/tap", "Served by the local TAP service")],
        tables=[synth_table("psr.main", "Pulsars",
                            [{"name": "p0", "type": "double precision", "unit": "s",
                              "ucd": "time.period", "description": "Period"},
                             {"name": "dist", "type": "real", "unit": "kpc",
                              "ucd": "pos.distance", "description": "Distance"}])],
        alt_ids=["doi:10.5072/esap-test-pulsars"],
        relations=[("served-by", "ivo://tapstudy.test/tap", "tapstudy local TAP service")])
    resource(
        "ivo://synthetic.test/ssa-like/ssap", short="OSPEC SSA",
        title="Synthetic optical spectra archive",
        desc="Simple spectral access to synthetic optical stellar spectra.",
        waveband="optical", subjects=["spectroscopy", "stellar-spectra"],
        creators=["Synthetic Optical Team"], content_type="archive",
        caps=[("ssa", f"{syn}/ssa-like/ssap.xml", "SSAP 1.1")])

    with open(outfile + ".tmp", "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=True)
    os.replace(outfile + ".tmp", outfile)


if __name__ == "__main__":
    main()
