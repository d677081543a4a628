#!/usr/bin/env python3
"""Generates src/main/resources/aws/catalog.json: AWS's constraints on every input the program sets.

Run on demand, like the price file is re-checked by hand (see tools/aws-catalog/README.md):

    python3 tools/aws-catalog/generate.py            # rewrite the catalog
    python3 tools/aws-catalog/generate.py --check    # exit 1 if the committed catalog differs from a fresh one

Inputs, both data kept beside this script:
  mapping.json  per Pulumi type and input: the AWS API operation and request member the provider sends it in,
                with the provider source that says so (terraform-provider-aws, which pulumi-aws bridges).
  prose.json    limits AWS states only in prose (IAM policy sizes, user data, document and input sizes, tag and
                bucket-name rules), each with the documentation it comes from.
Source of every constraint: botocore's service models (data/<service>/<version>/service-2.json.gz), read through
botocore's own loader. The version must be the one the catalog names, so two machines generate the same bytes.
"""
import argparse
import hashlib
import html
import json
import pathlib
import re
import sys

BOTOCORE_VERSION = "1.43.11"
HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CATALOG = ROOT / "src" / "main" / "resources" / "aws" / "catalog.json"


def clean(doc):
    """Documentation HTML as one line of text."""
    text = re.sub(r"<[^>]+>", " ", doc or "")
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def resolve(model, operation, member_path):
    """Walks Operation.Member.Member[].Member through the model; returns (owner shape, member name, shape, doc)."""
    shape = model.operation_model(operation).input_shape
    owner, name, doc = shape.name, None, ""
    for part in member_path.split("."):
        is_list = part.endswith("[]")
        is_map_key = part == "{key}"
        is_map_value = part == "{value}"
        if is_map_key or is_map_value:
            if shape.type_name != "map":
                raise KeyError(f"{member_path}: {shape.name} is not a map")
            shape = shape.key if is_map_key else shape.value
            name = (name or "") + ("{key}" if is_map_key else "{value}")
            continue
        name = part[:-2] if is_list else part
        if shape.type_name != "structure" or name not in shape.members:
            raise KeyError(f"{operation} {member_path}: no member {name} in {shape.name}")
        owner = shape.name
        doc = shape.members[name].documentation
        shape = shape.members[name]
        if is_list:
            if shape.type_name != "list":
                raise KeyError(f"{member_path}: {name} is not a list")
            shape = shape.member
    return owner, name, shape, clean(doc)


# Character-set sentences as the EC2 and RDS models write them: "Valid characters: a-z, A-Z, 0-9, spaces, and ._-:/"
CHARSET_SENTENCE = re.compile(
    r"(?:Valid characters|Allowed characters are|Allowed characters)\s*:?\s*(.+?)(?:\.?\s*$|\.\s)")


def charset_regex(listing):
    """'a-z, A-Z, 0-9, spaces, and ._-:/()#' -> a Java character class, or None when a part is not understood."""
    parts = [p.strip() for p in re.split(r",\s+(?:and\s+)?|,?\s+and\s+", listing) if p.strip()]
    cls = []
    for part in parts:
        if re.fullmatch(r"[a-z]-[a-z]|[A-Z]-[A-Z]|[0-9]-[0-9]", part):
            cls.append(part)
        elif part in ("spaces", "space"):
            cls.append(" ")
        elif re.fullmatch(r"[\x21-\x7e]+", part) and not re.search(r"[A-Za-z0-9]", part):
            cls.extend("\\" + ch if ch in "[]\\^-&" else ch for ch in part)
        else:
            return None
    return "[" + "".join(cls) + "]*"


def prose_constraints(doc):
    """Rules the documentation states in words. Returns (constraints, sentences not turned into a rule)."""
    found = []
    m = re.search(r"[Uu]p to (\d+) characters", doc)
    if m:
        found.append({"kind": "length", "max": int(m.group(1)), "text": m.group(0)})
    m = re.search(r"maximum of (\d+) Unicode characters", doc)
    if m:
        found.append({"kind": "length", "max": int(m.group(1)), "text": m.group(0)})
    m = re.search(r"from (\d+) to (\d+) Unicode characters", doc)
    if m:
        found.append({"kind": "length", "min": int(m.group(1)), "max": int(m.group(2)), "text": m.group(0)})
    m = re.search(r"no more than (\d+) letters", doc)
    if m:
        found.append({"kind": "length", "max": int(m.group(1)), "text": m.group(0)})
    m = re.search(r"[Ii]ntegers from (\d+) to (\d+)", doc)
    if m:
        found.append({"kind": "range", "min": int(m.group(1)), "max": int(m.group(2)), "text": m.group(0)})
    m = re.search(r"Possible values are: ([\d, and]+\d)", doc)
    if m:
        values = [int(v) for v in re.findall(r"\d+", m.group(1))]
        found.append({"kind": "oneOf", "values": values, "text": m.group(0)})
    m = re.search(r"(?:limited to|must not exceed) (\d+) ?KB", doc)
    if m:
        found.append({"kind": "bytes", "max": int(m.group(1)) * 1024, "text": m.group(0)})
    for m in re.finditer(r"(?:[Mm]ay not begin with|can't be prefixed with) ([a-z]+:)(?: or ([a-z]+:))?", doc):
        for prefix in filter(None, m.groups()):
            found.append({"kind": "reservedPrefix", "prefix": prefix, "text": m.group(0)})
    m = re.search(r"[Cc]an't start with (\S+?) ?\.", doc)
    if m:
        found.append({"kind": "reservedPrefix", "prefix": m.group(1), "text": m.group(0)})
    m = re.search(r'Java regex: "(.+?)"\)', doc)
    if m:
        regex = m.group(1).replace("\\\\", "\\")  # the documentation escapes its backslashes once more
        found.append({"kind": "pattern", "regex": regex, "javaRegex": regex, "match": "whole value",
                      "text": m.group(0)})
    m = CHARSET_SENTENCE.search(doc)
    if m:
        regex = charset_regex(m.group(1))
        if regex:
            found.append({"kind": "charset", "allowed": m.group(1), "javaRegex": regex, "text": m.group(0).strip()})
    untranslated = []
    for sentence in re.split(r"(?<=\.)\s+", doc):
        if re.search(r"Constraints|[Mm]ust|can't|cannot|[Vv]alid characters|[Aa]llowed characters|[Mm]aximum|"
                     r"[Ll]imited to|[Rr]eserved|lowercase|[Ff]irst character", sentence) and not any(c["text"] in sentence or sentence in c["text"] for c in found):
            untranslated.append(sentence)
    return found, untranslated


def model_constraints(shape):
    """What the model states as data: length, pattern, enum, numeric range, list size."""
    meta = shape.metadata
    out = []
    if shape.type_name == "string":
        if "min" in meta or "max" in meta:
            c = {"kind": "length"}
            if "min" in meta:
                c["min"] = meta["min"]
            if "max" in meta:
                c["max"] = meta["max"]
            out.append(c)
        if "pattern" in meta:
            out.append({"kind": "pattern", "regex": meta["pattern"], "javaRegex": meta["pattern"],
                        "match": "whole value"})
        if shape.enum:
            out.append({"kind": "enum", "values": list(shape.enum)})
    elif shape.type_name in ("integer", "long"):
        if "min" in meta or "max" in meta:
            c = {"kind": "range"}
            if "min" in meta:
                c["min"] = meta["min"]
            if "max" in meta:
                c["max"] = meta["max"]
            out.append(c)
    elif shape.type_name in ("list", "map"):
        if "max" in meta:
            out.append({"kind": "count", "max": meta["max"]})
    return out


def entry(session, mapping):
    model = session.get_service_model(mapping["service"])
    owner, member, shape, doc = resolve(model, mapping["operation"], mapping["member"])
    constraints = [dict(c, origin="model") for c in model_constraints(shape)]
    prose, untranslated = prose_constraints(doc)
    constraints += [dict(c, origin="documentation") for c in prose]
    out = {
        "type": mapping["type"],
        "input": mapping["input"],
        "api": {
            "service": mapping["service"],
            "apiVersion": model.api_version,
            "operation": mapping["operation"],
            "member": mapping["member"],
            "shape": owner,
            "memberShape": shape.name,
            "valueType": shape.type_name,
        },
        "source": f"botocore {BOTOCORE_VERSION} {mapping['service']}/{model.api_version} "
                  f"{mapping['operation']} {owner}.{member}",
        "providerSource": mapping["providerSource"],
        "constraints": constraints,
    }
    if mapping.get("when"):
        out["when"] = mapping["when"]
    if mapping.get("valueEncoding"):
        out["valueEncoding"] = mapping["valueEncoding"]
    if mapping.get("alsoOn"):
        out["api"]["alsoOn"] = mapping["alsoOn"]
    if untranslated:
        out["untranslated"] = untranslated
    notes = [mapping["note"]] if mapping.get("note") else []
    if not constraints:
        notes.append("the model states no constraint on this member beyond its type")
    if notes:
        out["note"] = " ".join(notes)
    if mapping.get("uncertain"):
        out["uncertain"] = mapping["uncertain"]
    return out


def generate():
    import botocore
    import botocore.session
    if botocore.__version__ != BOTOCORE_VERSION:
        sys.exit(f"generate.py: botocore {botocore.__version__} is installed, the catalog is generated from "
                 f"{BOTOCORE_VERSION}; install that version (pip install botocore=={BOTOCORE_VERSION}) or change "
                 f"BOTOCORE_VERSION here and regenerate deliberately")
    session = botocore.session.get_session()
    mapping_bytes = (HERE / "mapping.json").read_bytes()
    prose_bytes = (HERE / "prose.json").read_bytes()
    mapping = json.loads(mapping_bytes)
    prose = json.loads(prose_bytes)
    inputs = [entry(session, m) for m in mapping["inputs"]]
    inputs.sort(key=lambda e: (e["type"], e["input"], e["api"]["operation"]))
    catalog = {
        "generator": "tools/aws-catalog/generate.py",
        "botocore": BOTOCORE_VERSION,
        "provider": mapping["provider"],
        "inputsSha256": {
            "mapping.json": hashlib.sha256(mapping_bytes).hexdigest(),
            "prose.json": hashlib.sha256(prose_bytes).hexdigest(),
        },
        "matching": "A model pattern is matched against the whole value, as the services validate it. Lengths count "
                    "UTF-16 code units for strings, bytes where a rule says bytes.",
        "types": mapping["types"],
        "inputs": inputs,
        "prose": prose["rules"],
        "notChecked": mapping.get("notChecked", []),
    }
    return json.dumps(catalog, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed catalog; exit 1 on a difference")
    args = parser.parse_args()
    text = generate()
    if args.check:
        current = CATALOG.read_text(encoding="utf-8") if CATALOG.exists() else ""
        if current != text:
            sys.exit(f"{CATALOG.relative_to(ROOT)} is stale: run python3 tools/aws-catalog/generate.py and commit it")
        print(f"{CATALOG.relative_to(ROOT)} is current ({len(json.loads(text)['inputs'])} inputs)")
        return
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    tmp = CATALOG.with_suffix(".json.partial")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(CATALOG)
    print(f"wrote {CATALOG.relative_to(ROOT)} ({len(json.loads(text)['inputs'])} inputs)")


if __name__ == "__main__":
    main()
