#!/usr/bin/python3
"""Synthetic data products and ObsCore rows for the tapstudy DaCHS RD.

usage: gen_products.py RESDIR BASEURL
  RESDIR   the DaCHS resource directory (/var/gavo/inputs/tapstudy)
  BASEURL  what DaCHS serves as serverURL, e.g. http://127.0.0.1:28080

writes
  RESDIR/img/fieldNN.fits   25 images 64x64 TAN, 0.5 deg wide, on a 5x5 grid
                            RA 151..159 step 2, Dec -4..4 step 2 (as the
                            tested recipe; SIAP POS=155,0&SIZE=0.2 -> field13)
  RESDIR/spec/specNN.fits   50 1-D spectra (binary table WAVE [m], FLUX)
  RESDIR/data/obscore.csv   75 ObsCore rows: 25 images + 50 spectra, with
                            access_url = BASEURL/getproduct/tapstudy/...

Needs numpy and astropy (Debian's python3 has them once gavodachs2-server is
installed).  Everything is deterministic (fixed seeds, fixed headers).
"""
import csv
import math
import os
import random
import sys

import numpy as np
from astropy.io import fits
from astropy.wcs import WCS

AUTHORITY = "tapstudy.test"
MJD_2024_01_01 = 60310.0
# Johnson V as in DaCHS's filters.txt (480 / 550 / 730 nm)
V_LO, V_HI = 4.8e-7, 7.3e-7

OBSCORE_COLUMNS = [
    "dataproduct_type", "dataproduct_subtype", "calib_level",
    "obs_collection", "obs_id", "obs_title", "obs_publisher_did",
    "obs_creator_did", "access_url", "access_format", "access_estsize",
    "target_name", "target_class", "s_ra", "s_dec", "s_fov", "s_region",
    "s_resolution", "s_xel1", "s_xel2", "s_pixel_scale", "t_min", "t_max",
    "t_exptime", "t_resolution", "t_xel", "em_min", "em_max", "em_res_power",
    "em_xel", "em_ucd", "o_ucd", "pol_states", "pol_xel", "facility_name",
    "instrument_name", "preview"]


def write_atomic_fits(hdul, path):
    tmp = path + ".tmp"
    hdul.writeto(tmp, overwrite=True)
    os.replace(tmp, path)


def make_images(imgdir):
    """The 25 SIA images of the tested recipe (unchanged), plus their
    ObsCore metadata."""
    rows = []
    k = 0
    for ra in (151.0, 153.0, 155.0, 157.0, 159.0):
        for dec in (-4.0, -2.0, 0.0, 2.0, 4.0):
            k += 1
            h = fits.Header()
            h["CTYPE1"], h["CTYPE2"] = "RA---TAN", "DEC--TAN"
            h["CRVAL1"], h["CRVAL2"] = ra, dec
            h["CRPIX1"], h["CRPIX2"] = 32.5, 32.5
            h["CDELT1"], h["CDELT2"] = -0.5 / 64, 0.5 / 64
            h["CUNIT1"], h["CUNIT2"] = "deg", "deg"
            h["EQUINOX"], h["RADESYS"] = 2000.0, "ICRS"
            h["OBJECT"], h["FILTER"] = f"field{k:02d}", "V"
            h["DATE-OBS"] = f"2024-01-{k:02d}T00:00:00"
            data = np.random.default_rng(k).normal(100, 5, (64, 64)).astype("float32")
            name = f"field{k:02d}.fits"
            path = os.path.join(imgdir, name)
            write_atomic_fits(fits.HDUList([fits.PrimaryHDU(data, h)]), path)

            # footprint: outer pixel corners (FITS pixel coordinates are 1-based)
            w = WCS(h, naxis=2)
            corners = w.all_pix2world([[0.5, 0.5], [64.5, 0.5], [64.5, 64.5], [0.5, 64.5]], 1)
            t_min = MJD_2024_01_01 + (k - 1)
            rows.append({
                "dataproduct_type": "image", "calib_level": 2,
                "obs_collection": "tapstudy images", "obs_id": f"field{k:02d}",
                "obs_title": f"tapstudy field{k:02d} (synthetic V image)",
                "obs_publisher_did": f"ivo://{AUTHORITY}/~?tapstudy/img/{name}",
                "access_url": f"tapstudy/img/{name}",          # prefixed later
                "access_format": "image/fits",
                "access_estsize": (os.path.getsize(path) + 1023) // 1024,
                "target_name": f"field{k:02d}", "target_class": "field",
                "s_ra": ra, "s_dec": dec, "s_fov": 0.5,
                "s_region": " ".join(f"{x:.7f}" for x in corners.flatten()),
                "s_resolution": 30.0, "s_xel1": 64, "s_xel2": 64,
                "s_pixel_scale": 0.5 / 64 * 3600,
                "t_min": t_min, "t_max": t_min + 300 / 86400.,
                "t_exptime": 300.0, "t_resolution": 300.0, "t_xel": 1,
                "em_min": V_LO, "em_max": V_HI, "em_res_power": 2.2, "em_xel": 1,
                "o_ucd": "phot.count", "pol_xel": 1,
                "facility_name": "Synthetic 1m Telescope",
                "instrument_name": "synthetic",
            })
    return rows


def make_spectra(specdir):
    """50 spectra: 40 spread over the image area (RA 150..160, Dec -5..5,
    uniform on the sphere), 10 far away (RA 200..210, Dec 10..20).
    Odd numbers are optical (400-700 nm), even numbers near-IR (1.0-2.5 um)."""
    rnd = random.Random(777)
    rows = []
    for k in range(1, 51):
        if k <= 40:
            ra_range, dec_range = (150.0, 160.0), (-5.0, 5.0)
        else:
            ra_range, dec_range = (200.0, 210.0), (10.0, 20.0)
        smin, smax = (math.sin(math.radians(d)) for d in dec_range)
        ra = round(rnd.uniform(*ra_range), 6)
        dec = round(math.degrees(math.asin(rnd.uniform(smin, smax))), 6)
        optical = k % 2 == 1
        wmin, wmax = (4.0e-7, 7.0e-7) if optical else (1.0e-6, 2.5e-6)
        npix = 1000
        wave = np.linspace(wmin, wmax, npix)
        flux = (1.0 + 0.1 * np.sin(wave * 2e7 + k)
                + np.random.default_rng(1000 + k).normal(0, 0.01, npix))
        t_min = MJD_2024_01_01 + 90 + k * 0.5
        name = f"spec{k:02d}.fits"
        ph = fits.Header()
        ph["OBJECT"] = f"star{k:02d}"
        ph["RA"], ph["DEC"] = ra, dec
        ph["MJD-OBS"] = t_min
        ph["EXPTIME"] = 600.0
        ph["WAVEMIN"], ph["WAVEMAX"] = wmin, wmax
        tab = fits.BinTableHDU.from_columns([
            fits.Column(name="WAVE", format="D", unit="m", array=wave),
            fits.Column(name="FLUX", format="E", unit="adu", array=flux.astype("float32"))])
        path = os.path.join(specdir, name)
        write_atomic_fits(fits.HDUList([fits.PrimaryHDU(header=ph), tab]), path)

        ap = 1.0 / 3600     # 2 arcsec square aperture as s_region
        cosd = math.cos(math.radians(dec))
        region = [ra - ap / cosd, dec - ap, ra + ap / cosd, dec - ap,
                  ra + ap / cosd, dec + ap, ra - ap / cosd, dec + ap]
        rows.append({
            "dataproduct_type": "spectrum", "calib_level": 2,
            "obs_collection": "tapstudy spectra", "obs_id": f"spec{k:02d}",
            "obs_title": f"tapstudy star{k:02d} ({'optical' if optical else 'near-IR'} spectrum)",
            "obs_publisher_did": f"ivo://{AUTHORITY}/~?tapstudy/spec/{name}",
            "access_url": f"tapstudy/spec/{name}",
            "access_format": "application/fits",
            "access_estsize": (os.path.getsize(path) + 1023) // 1024,
            "target_name": f"star{k:02d}", "target_class": "star",
            "s_ra": ra, "s_dec": dec, "s_fov": 2 * ap,
            "s_region": " ".join(f"{x:.7f}" for x in region),
            "s_resolution": 1.0, "s_xel1": 1, "s_xel2": 1,
            "t_min": t_min, "t_max": t_min + 600 / 86400.,
            "t_exptime": 600.0, "t_resolution": 600.0, "t_xel": 1,
            "em_min": wmin, "em_max": wmax,
            "em_res_power": round((wmin + wmax) / 2 / ((wmax - wmin) / npix), 1),
            "em_xel": npix, "em_ucd": "em.wl", "o_ucd": "phot.flux.density;em.wl",
            "pol_xel": 1,
            "facility_name": "Synthetic 2m Telescope",
            "instrument_name": "SynthSpec",
        })
    return rows


def main():
    resdir, baseurl = sys.argv[1], sys.argv[2].rstrip("/")
    for sub in ("img", "spec", "data"):
        os.makedirs(os.path.join(resdir, sub), exist_ok=True)
    rows = make_images(os.path.join(resdir, "img")) + make_spectra(os.path.join(resdir, "spec"))
    for r in rows:
        r["access_url"] = f"{baseurl}/getproduct/{r['access_url']}"
    path = os.path.join(resdir, "data", "obscore.csv")
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, OBSCORE_COLUMNS, restval="")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
