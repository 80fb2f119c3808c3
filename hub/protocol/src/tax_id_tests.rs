//! Table tests of CNPJ and CPF validation: real and official examples, every way people
//! type them, and the mistakes check digits exist to catch.

use super::*;

fn check_cnpj(input: &str, expected: Result<&str, TaxIdError>) {
    let got = Cnpj::parse(input);
    assert_eq!(
        got.as_ref().map(Cnpj::as_str),
        expected.as_ref().map(|normalized| *normalized),
        "CNPJ {input:?}: a tenant's registration must be accepted exactly when it is real, \
         and stored in one normalized form"
    );
}

fn check_cpf(input: &str, expected: Result<&str, TaxIdError>) {
    let got = Cpf::parse(input);
    assert_eq!(
        got.as_ref().map(Cpf::as_str),
        expected.as_ref().map(|normalized| *normalized),
        "CPF {input:?}: a person's registration must be accepted exactly when it is real, \
         and stored in one normalized form"
    );
}

const CNPJ_DIGITS: TaxIdError = TaxIdError::WrongCheckDigits { kind: "CNPJ" };
const CPF_DIGITS: TaxIdError = TaxIdError::WrongCheckDigits { kind: "CPF" };

#[test]
fn cnpj_cases() {
    let cases: &[(&str, Result<&str, TaxIdError>)] = &[
        ("11222333000181", Ok("11222333000181")),
        ("11.222.333/0001-81", Ok("11222333000181")),
        (" 11 222 333 0001 81 ", Ok("11222333000181")),
        ("00.000.000/0001-91", Ok("00000000000191")),
        // The Receita Federal's own example of an alphanumeric CNPJ, in any letter case.
        ("12.ABC.345/01DE-35", Ok("12ABC34501DE35")),
        ("12.abc.345/01de-35", Ok("12ABC34501DE35")),
        ("11.222.333/0001-82", Err(CNPJ_DIGITS)),
        ("11.222.333/0001-18", Err(CNPJ_DIGITS)),
        ("12.ABC.345/01DE-53", Err(CNPJ_DIGITS)),
        ("11.222.334/0001-81", Err(CNPJ_DIGITS)),
        (
            "11111111111111",
            Err(TaxIdError::RepeatedCharacter { kind: "CNPJ" }),
        ),
        (
            "00.000.000/0000-00",
            Err(TaxIdError::RepeatedCharacter { kind: "CNPJ" }),
        ),
        (
            "1122233300018",
            Err(TaxIdError::WrongLength {
                kind: "CNPJ",
                expected: 14,
                found: 13,
            }),
        ),
        (
            "112223330001811",
            Err(TaxIdError::WrongLength {
                kind: "CNPJ",
                expected: 14,
                found: 15,
            }),
        ),
        (
            "",
            Err(TaxIdError::WrongLength {
                kind: "CNPJ",
                expected: 14,
                found: 0,
            }),
        ),
        (
            "12ABC34501DEAB",
            Err(TaxIdError::InvalidCharacter {
                kind: "CNPJ",
                allowed: "digits, letters in the first 12 places",
            }),
        ),
        (
            "11_222_333/0001",
            Err(TaxIdError::InvalidCharacter {
                kind: "CNPJ",
                allowed: "digits, letters in the first 12 places",
            }),
        ),
        (
            "é1222333000181",
            Err(TaxIdError::InvalidCharacter {
                kind: "CNPJ",
                allowed: "digits, letters in the first 12 places",
            }),
        ),
        (
            "1122233300018é",
            Err(TaxIdError::InvalidCharacter {
                kind: "CNPJ",
                allowed: "digits, letters in the first 12 places",
            }),
        ),
    ];
    for (input, expected) in cases {
        check_cnpj(input, *expected);
    }
}

#[test]
fn cpf_cases() {
    let cases: &[(&str, Result<&str, TaxIdError>)] = &[
        ("52998224725", Ok("52998224725")),
        ("529.982.247-25", Ok("52998224725")),
        ("111.444.777-35", Ok("11144477735")),
        ("123.456.789-09", Ok("12345678909")),
        ("529.982.247-24", Err(CPF_DIGITS)),
        ("529.982.247-52", Err(CPF_DIGITS)),
        ("529.982.248-25", Err(CPF_DIGITS)),
        (
            "11111111111",
            Err(TaxIdError::RepeatedCharacter { kind: "CPF" }),
        ),
        (
            "000.000.000-00",
            Err(TaxIdError::RepeatedCharacter { kind: "CPF" }),
        ),
        (
            "5299822472",
            Err(TaxIdError::WrongLength {
                kind: "CPF",
                expected: 11,
                found: 10,
            }),
        ),
        (
            "5299822472A",
            Err(TaxIdError::InvalidCharacter {
                kind: "CPF",
                allowed: "digits",
            }),
        ),
    ];
    for (input, expected) in cases {
        check_cpf(input, *expected);
    }
}

#[test]
fn tax_ids_cross_the_wire_normalized_and_are_validated_when_read() {
    let cnpj: Cnpj = serde_json::from_str(r#""11.222.333/0001-81""#).expect("a valid CNPJ");
    assert_eq!(
        serde_json::to_string(&cnpj).expect("serializes"),
        r#""11222333000181""#,
        "both sides exchange the normalized form"
    );
    assert!(
        serde_json::from_str::<Cpf>(r#""529.982.247-24""#).is_err(),
        "a body with a mistyped CPF must be refused when it is read, not stored"
    );
}
