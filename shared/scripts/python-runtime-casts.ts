/**
 * The generated script's helpers for type changes and dates: TRY_CAST, try_strptime and date_trunc with
 * DuckDB's rules. Where DuckDB reads a text form these helpers do not reproduce exactly (hexadecimal
 * numbers, digit separators, dates with a time zone…), they stop the script with an error naming the
 * value rather than give a different answer. Part of `PYTHON_RUNTIME`.
 */
export const PYTHON_RUNTIME_CASTS = String.raw`
# ---- Helpers: type changes and dates as DuckDB ------------------------------------------------

SQL_SPACE = " \t\n\r\v\f"
INTEGER_RANGES = {
    "TINYINT": (-2 ** 7, 2 ** 7 - 1), "SMALLINT": (-2 ** 15, 2 ** 15 - 1), "INTEGER": (-2 ** 31, 2 ** 31 - 1),
    "BIGINT": (-2 ** 63, 2 ** 63 - 1), "UTINYINT": (0, 2 ** 8 - 1), "USMALLINT": (0, 2 ** 16 - 1),
    "UINTEGER": (0, 2 ** 32 - 1), "UBIGINT": (0, 2 ** 64 - 1), "HUGEINT": (-2 ** 127, 2 ** 127 - 1),
}
PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
PLAIN_TIMESTAMP = re.compile(r"([0-9]{4})(?P<sep>[-/])([0-9]{1,2})(?P=sep)([0-9]{1,2})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?)?")


class UnreproducedValue(ValueError):
    """A value DuckDB reads in a way this script does not reproduce: the script stops rather than differ."""


def _base_type(sql_type):
    return sql_type.split("(")[0].strip().upper()


def _decimal_scale(sql_type):
    """DECIMAL(p, s) -> (p, s); DuckDB's default is DECIMAL(18, 3)."""
    found = re.search(r"\((\d+)\s*(?:,\s*(\d+))?\)", sql_type)
    return (int(found.group(1)), int(found.group(2) or 0)) if found else (18, 3)


def _number_from_text(text, target):
    """The number TRY_CAST(text AS <number>) reads: a Decimal (or float inf/nan for DOUBLE), or None when DuckDB reads none."""
    stripped = text.strip(SQL_SPACE)
    if PLAIN_NUMBER.fullmatch(stripped):
        return decimal.Decimal(stripped)
    if target == "DOUBLE" and stripped.lower().lstrip("+-") in ("inf", "infinity"):
        return float(stripped)
    if target == "DOUBLE" and stripped.lower().lstrip("+-") == "nan":
        raise UnreproducedValue(f"DuckDB reads {text!r} as NaN, which the script's nullable doubles would hold as NULL")
    if "_" in stripped or re.match(r"[+-]?0[xXbB]", stripped):
        raise UnreproducedValue(f"DuckDB reads {text!r} as a number (digit separators, hexadecimal or binary), which this script does not reproduce")
    return None


def _whole_number(number, sql_type):
    """An exact number rounded to a whole one as DuckDB casts text (half away from zero); None outside the type's range."""
    low, high = INTEGER_RANGES[sql_type]
    if number < 0 and low == 0:
        return None
    if number == 0 or number.adjusted() < -2:
        return 0
    if number.adjusted() > 40:
        return None
    whole = int(number.to_integral_value(rounding=decimal.ROUND_HALF_UP))
    return whole if low <= whole <= high else None


def _decimal_value(number, sql_type):
    """An exact number rounded to DECIMAL(p, s) (half away from zero), as a float; None when it needs more than p digits."""
    precision, scale = _decimal_scale(sql_type)
    if number == 0 or number.adjusted() < -scale - 2:
        return 0.0
    if number.adjusted() >= precision - scale:
        return None
    rounded = number.quantize(decimal.Decimal(1).scaleb(-scale), rounding=decimal.ROUND_HALF_UP)
    return float(rounded) if abs(rounded) < decimal.Decimal(10) ** (precision - scale) else None


def _timestamp_from_text(text, base):
    """TRY_CAST(text AS DATE | TIMESTAMP) for the ISO forms (YYYY-MM-DD or YYYY/MM/DD[ HH:MM[:SS[.ffffff]]], a DATE ignoring the time
    and spaces around); None for impossible dates."""
    found = PLAIN_TIMESTAMP.fullmatch(text.strip(SQL_SPACE) if base == "DATE" else text)
    if not found:
        # Every date DuckDB reads has digits, a separator (- / \ or a space) and digits: text without is NULL.
        if re.search(r"[0-9][-/\\ ][0-9]", text) or text.strip(SQL_SPACE).lower().lstrip("+-") in ("epoch", "infinity", "inf", "now", "today"):
            raise UnreproducedValue(f"DuckDB's reading of {text!r} as {base} is not reproduced by this script (only YYYY-MM-DD[ HH:MM[:SS[.ffffff]]] is)")
        return None
    year, month, day, hour, minute, second, fraction = (found.group(i) for i in (1, 3, 4, 5, 6, 7, 8))
    year, month, day = int(year), int(month), int(day)
    second = second or "0"
    if hour is not None and (int(hour) > 23 or int(minute) > 59 or int(second) > 59):
        raise UnreproducedValue(f"DuckDB's reading of the time in {text!r} is not reproduced by this script")
    try:
        stamp = pd.Timestamp(year=year, month=month, day=day)
    except ValueError as error:
        if "out of bounds" in str(error).lower():
            raise
        return None
    if hour is not None and base != "DATE":
        stamp = stamp + pd.Timedelta(hours=int(hour), minutes=int(minute), seconds=int(second), microseconds=int((fraction or "0").ljust(6, "0")))
    return stamp


def _float_text(number):
    """A double as DuckDB writes it as text: the shortest form that reads back, as Python's repr."""
    return repr(float(number))


def _timestamp_text(stamp, base):
    """A date or timestamp as DuckDB writes it: YYYY-MM-DD[ HH:MM:SS[.fraction without trailing zeros]]."""
    if base == "DATE":
        return stamp.strftime("%Y-%m-%d")
    text = stamp.strftime("%Y-%m-%d %H:%M:%S")
    micros = stamp.microsecond
    return f"{text}.{micros:06d}".rstrip("0") if micros else text


def _cast_one(value, source, target, sql_type):
    if source == "VARCHAR":
        if target == "BOOLEAN":
            lowered = value.lower()
            return True if lowered in ("true", "t", "yes", "y", "1") else False if lowered in ("false", "f", "no", "n", "0") else None
        if target in ("DATE", "TIMESTAMP"):
            return _timestamp_from_text(value, target)
        number = _number_from_text(value, target)
        if number is None:
            return None
        if target == "DOUBLE":
            return float(number)
        return _decimal_value(number, sql_type) if target == "DECIMAL" else _whole_number(number, target)
    if target == "VARCHAR":
        if source == "BOOLEAN":
            return "true" if value else "false"
        if source in ("DATE", "TIMESTAMP"):
            return _timestamp_text(value, source)
        return _float_text(value) if source == "DOUBLE" else str(int(value))
    if target == "BOOLEAN":
        return bool(value)
    if source == "DOUBLE":
        if math.isnan(value) or math.isinf(value):
            return None
        number = float(np.rint(value))
        low, high = INTEGER_RANGES[target]
        return int(number) if low <= number <= high else None
    whole = int(value)
    if target == "DOUBLE":
        return float(whole)
    if target == "DECIMAL":
        return _decimal_value(decimal.Decimal(whole), sql_type)
    low, high = INTEGER_RANGES[target]
    return whole if low <= whole <= high else None


def try_cast(values, source_type, target_type):
    """TRY_CAST(column AS target_type) as DuckDB: NULL where the value has no target form. Text to a whole number
    rounds half away from zero ('2.5' is 3), a double to a whole number rounds half to even (2.5 is 2), text to
    BOOLEAN reads true/t/yes/y/1 and false/f/no/n/0 in any case, numbers out of the type's range become NULL."""
    source, target = _base_type(source_type), _base_type(target_type)
    if source_type.upper() == target_type.upper() or (source in ("DATE", "TIMESTAMP") and target in ("DATE", "TIMESTAMP")):
        return as_type(values, target_type)
    if source in INTEGER_RANGES:
        source = "BIGINT"
    cast = [_cast_one(value, source, target, target_type) if present else None for value, present in zip(values.astype(object), values.notna())]
    if target in ("DATE", "TIMESTAMP"):
        result = pd.Series(pd.to_datetime(pd.Series([pd.NaT if v is None else v for v in cast], dtype=object)).array, index=values.index)
        return as_type(result, target_type)
    return as_type(pd.Series([pd.NA if v is None else v for v in cast], index=values.index, dtype=object), target_type)


MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
STRPTIME_DIGITS = {"Y": 4, "m": 2, "d": 2, "H": 2, "M": 2, "S": 2, "y": 2}


def _strptime_one(text, format):
    """One text read with a strptime format as DuckDB: the whole text (spaces around it ignored), numbers with at most
    their field's digits, a space in the format matching one or more spaces, %b/%B month names in any case."""
    text = text.strip(SQL_SPACE)
    fields = {"Y": 1900, "m": 1, "d": 1, "H": 0, "M": 0, "S": 0}
    at, i = 0, 0
    while i < len(format):
        char = format[i]
        if char == "%" and i + 1 < len(format) and format[i + 1] != "%":
            directive = format[i + 1]
            i += 2
            if directive in STRPTIME_DIGITS:
                end = at
                while end < len(text) and end - at < STRPTIME_DIGITS[directive] and text[end] in "0123456789":
                    end += 1
                if end == at:
                    return None
                number = int(text[at:end])
                at = end
                if directive == "y":
                    fields["Y"] = number + (2000 if number < 69 else 1900)
                else:
                    fields[directive] = number
            else:
                names = MONTH_NAMES if directive == "B" else [name[:3] for name in MONTH_NAMES]
                word = next((name for name in names if text[at:at + len(name)].lower() == name), None)
                if word is None:
                    return None
                fields["m"] = names.index(word) + 1
                at += len(word)
        elif char in SQL_SPACE:
            i += 1
            while i < len(format) and format[i] in SQL_SPACE:
                i += 1
            start = at
            while at < len(text) and text[at] in SQL_SPACE:
                at += 1
            if at == start:
                return None
        else:
            literal = "%" if char == "%" else char
            i += 2 if char == "%" else 1
            if text[at:at + 1] != literal:
                return None
            at += 1
    if at != len(text) or fields["H"] > 23 or fields["M"] > 59 or fields["S"] > 59:
        return None
    try:
        day = pd.Timestamp(year=fields["Y"], month=fields["m"], day=fields["d"])
    except ValueError as error:
        if "out of bounds" in str(error).lower():
            raise
        return None
    return day + pd.Timedelta(hours=fields["H"], minutes=fields["M"], seconds=fields["S"])


def try_strptime(values, format):
    """try_strptime(CAST(column AS VARCHAR), format) as DuckDB: a timestamp, or NULL where the text does not fit the format."""
    parsed = [pd.NaT if text is pd.NA else _strptime_one(text, format) for text in as_text(values)]
    return pd.Series(pd.to_datetime(pd.Series([pd.NaT if v is None else v for v in parsed], dtype=object)).array, index=values.index)


def date_trunc(values, unit):
    """date_trunc(unit, column) as DuckDB: the first instant of the year, quarter, month, ISO week (a Monday), day,
    hour, minute or second the value falls in (dayofweek truncates to the day)."""
    stamps = values if pd.api.types.is_datetime64_any_dtype(values) else pd.to_datetime(values)
    if unit in ("year", "quarter", "month"):
        return stamps.dt.to_period({"year": "Y", "quarter": "Q", "month": "M"}[unit]).dt.to_timestamp()
    if unit == "week":
        return stamps.dt.normalize() - pd.to_timedelta(stamps.dt.dayofweek.fillna(0), unit="D")
    if unit in ("day", "dayofweek"):
        return stamps.dt.normalize()
    return stamps.dt.floor(pd.Timedelta(**{unit + "s": 1}))
`;
