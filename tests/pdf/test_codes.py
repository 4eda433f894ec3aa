import hashlib
import io

from qms.pdf.codes import ALPHABET, CODE_LENGTH, format_code, new_code, normalize_code, sha256_file, sha256_hex


def test_codes_are_unambiguous_random_and_round_trip_through_typing():
    codes = {new_code() for _ in range(5000)}
    assert len(codes) == 5000
    assert not set("01ILOUV") & set(ALPHABET)
    for code in list(codes)[:200]:
        assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
        printed = format_code(code)
        assert printed.count("-") == 2 and printed.replace("-", "") == code
        assert normalize_code(printed.lower()) == code
        assert normalize_code(" " + printed.replace("-", " ") + " ") == code


def test_normalize_code_rejects_what_cannot_be_a_code():
    for typed in ["", "ABC", "K7QM-4XPA-2R-X", "K7QM-4XPA-0R", "' OR 1=1 --", "K" * 500, "K7QM4XPA2Ơ"]:
        assert normalize_code(typed) is None


def test_sha256_helpers_agree():
    data = "Bản gốc".encode() * 1000
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest() == sha256_file(io.BytesIO(data), chunk_size=7)
