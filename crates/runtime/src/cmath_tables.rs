//! CPython 3.11's special-value tables (`Modules/cmathmodule.c`): the result for each
//! class of infinite or NaN input, looked up by [`special`].

use super::helpers::{c, INF, PI};
use super::Complex128;

// ---------------------------------------------------------------------------------------
// special values (Modules/cmathmodule.c)

/// `special_type`: NINF, NEG, NZERO, PZERO, POS, PINF, NAN as 0..=6.
fn special_type(d: f64) -> usize {
    if d.is_finite() {
        match (d != 0.0, d.is_sign_positive()) {
            (true, true) => 4,
            (true, false) => 1,
            (false, true) => 3,
            (false, false) => 2,
        }
    } else if d.is_nan() {
        6
    } else if d.is_sign_positive() {
        5
    } else {
        0
    }
}

type Table = [[Complex128; 7]; 7];

/// `table[special_type(z.real)][special_type(z.imag)]`
pub(super) fn special(table: &Table, z: Complex128) -> Complex128 {
    table[special_type(z.re)][special_type(z.im)]
}

pub(super) fn is_finite(z: Complex128) -> bool {
    z.re.is_finite() && z.im.is_finite()
}

const P: f64 = PI;
const P14: f64 = 0.25 * PI;
const P12: f64 = 0.5 * PI;
const P34: f64 = 0.75 * PI;
const N: f64 = f64::NAN;
/// CPython's placeholder for table entries that are never used.
const U: f64 = -9.542631940771103e33; // -9.5426319407711027e33 in C, the same double

macro_rules! table {
    ($( $( ($re:expr, $im:expr) )* ; )*) => {
        [ $( [ $( c($re, $im) ),* ] ),* ]
    };
}

#[rustfmt::skip]
pub(super) static ACOS_SPECIAL: Table = table![
    (P34,INF) (P,INF) (P,INF) (P,-INF) (P,-INF) (P34,-INF) (N,INF);
    (P12,INF) (U,U) (U,U) (U,U) (U,U) (P12,-INF) (N,N);
    (P12,INF) (U,U) (P12,0.) (P12,-0.) (U,U) (P12,-INF) (P12,N);
    (P12,INF) (U,U) (P12,0.) (P12,-0.) (U,U) (P12,-INF) (P12,N);
    (P12,INF) (U,U) (U,U) (U,U) (U,U) (P12,-INF) (N,N);
    (P14,INF) (0.,INF) (0.,INF) (0.,-INF) (0.,-INF) (P14,-INF) (N,INF);
    (N,INF) (N,N) (N,N) (N,N) (N,N) (N,-INF) (N,N);
];

#[rustfmt::skip]
pub(super) static ACOSH_SPECIAL: Table = table![
    (INF,-P34) (INF,-P) (INF,-P) (INF,P) (INF,P) (INF,P34) (INF,N);
    (INF,-P12) (U,U) (U,U) (U,U) (U,U) (INF,P12) (N,N);
    (INF,-P12) (U,U) (0.,-P12) (0.,P12) (U,U) (INF,P12) (N,N);
    (INF,-P12) (U,U) (0.,-P12) (0.,P12) (U,U) (INF,P12) (N,N);
    (INF,-P12) (U,U) (U,U) (U,U) (U,U) (INF,P12) (N,N);
    (INF,-P14) (INF,-0.) (INF,-0.) (INF,0.) (INF,0.) (INF,P14) (INF,N);
    (INF,N) (N,N) (N,N) (N,N) (N,N) (INF,N) (N,N);
];

#[rustfmt::skip]
pub(super) static ASINH_SPECIAL: Table = table![
    (-INF,-P14) (-INF,-0.) (-INF,-0.) (-INF,0.) (-INF,0.) (-INF,P14) (-INF,N);
    (-INF,-P12) (U,U) (U,U) (U,U) (U,U) (-INF,P12) (N,N);
    (-INF,-P12) (U,U) (-0.,-0.) (-0.,0.) (U,U) (-INF,P12) (N,N);
    (INF,-P12) (U,U) (0.,-0.) (0.,0.) (U,U) (INF,P12) (N,N);
    (INF,-P12) (U,U) (U,U) (U,U) (U,U) (INF,P12) (N,N);
    (INF,-P14) (INF,-0.) (INF,-0.) (INF,0.) (INF,0.) (INF,P14) (INF,N);
    (INF,N) (N,N) (N,-0.) (N,0.) (N,N) (INF,N) (N,N);
];

#[rustfmt::skip]
pub(super) static ATANH_SPECIAL: Table = table![
    (-0.,-P12) (-0.,-P12) (-0.,-P12) (-0.,P12) (-0.,P12) (-0.,P12) (-0.,N);
    (-0.,-P12) (U,U) (U,U) (U,U) (U,U) (-0.,P12) (N,N);
    (-0.,-P12) (U,U) (-0.,-0.) (-0.,0.) (U,U) (-0.,P12) (-0.,N);
    (0.,-P12) (U,U) (0.,-0.) (0.,0.) (U,U) (0.,P12) (0.,N);
    (0.,-P12) (U,U) (U,U) (U,U) (U,U) (0.,P12) (N,N);
    (0.,-P12) (0.,-P12) (0.,-P12) (0.,P12) (0.,P12) (0.,P12) (0.,N);
    (0.,-P12) (N,N) (N,N) (N,N) (N,N) (0.,P12) (N,N);
];

#[rustfmt::skip]
pub(super) static COSH_SPECIAL: Table = table![
    (INF,N) (U,U) (INF,0.) (INF,-0.) (U,U) (INF,N) (INF,N);
    (N,N) (U,U) (U,U) (U,U) (U,U) (N,N) (N,N);
    (N,0.) (U,U) (1.,0.) (1.,-0.) (U,U) (N,0.) (N,0.);
    (N,0.) (U,U) (1.,-0.) (1.,0.) (U,U) (N,0.) (N,0.);
    (N,N) (U,U) (U,U) (U,U) (U,U) (N,N) (N,N);
    (INF,N) (U,U) (INF,-0.) (INF,0.) (U,U) (INF,N) (INF,N);
    (N,N) (N,N) (N,0.) (N,0.) (N,N) (N,N) (N,N);
];

#[rustfmt::skip]
pub(super) static EXP_SPECIAL: Table = table![
    (0.,0.) (U,U) (0.,-0.) (0.,0.) (U,U) (0.,0.) (0.,0.);
    (N,N) (U,U) (U,U) (U,U) (U,U) (N,N) (N,N);
    (N,N) (U,U) (1.,-0.) (1.,0.) (U,U) (N,N) (N,N);
    (N,N) (U,U) (1.,-0.) (1.,0.) (U,U) (N,N) (N,N);
    (N,N) (U,U) (U,U) (U,U) (U,U) (N,N) (N,N);
    (INF,N) (U,U) (INF,-0.) (INF,0.) (U,U) (INF,N) (INF,N);
    (N,N) (N,N) (N,-0.) (N,0.) (N,N) (N,N) (N,N);
];

#[rustfmt::skip]
pub(super) static LOG_SPECIAL: Table = table![
    (INF,-P34) (INF,-P) (INF,-P) (INF,P) (INF,P) (INF,P34) (INF,N);
    (INF,-P12) (U,U) (U,U) (U,U) (U,U) (INF,P12) (N,N);
    (INF,-P12) (U,U) (-INF,-P) (-INF,P) (U,U) (INF,P12) (N,N);
    (INF,-P12) (U,U) (-INF,-0.) (-INF,0.) (U,U) (INF,P12) (N,N);
    (INF,-P12) (U,U) (U,U) (U,U) (U,U) (INF,P12) (N,N);
    (INF,-P14) (INF,-0.) (INF,-0.) (INF,0.) (INF,0.) (INF,P14) (INF,N);
    (INF,N) (N,N) (N,N) (N,N) (N,N) (INF,N) (N,N);
];

#[rustfmt::skip]
pub(super) static SINH_SPECIAL: Table = table![
    (INF,N) (U,U) (-INF,-0.) (-INF,0.) (U,U) (INF,N) (INF,N);
    (N,N) (U,U) (U,U) (U,U) (U,U) (N,N) (N,N);
    (0.,N) (U,U) (-0.,-0.) (-0.,0.) (U,U) (0.,N) (0.,N);
    (0.,N) (U,U) (0.,-0.) (0.,0.) (U,U) (0.,N) (0.,N);
    (N,N) (U,U) (U,U) (U,U) (U,U) (N,N) (N,N);
    (INF,N) (U,U) (INF,-0.) (INF,0.) (U,U) (INF,N) (INF,N);
    (N,N) (N,N) (N,-0.) (N,0.) (N,N) (N,N) (N,N);
];

#[rustfmt::skip]
pub(super) static SQRT_SPECIAL: Table = table![
    (INF,-INF) (0.,-INF) (0.,-INF) (0.,INF) (0.,INF) (INF,INF) (N,INF);
    (INF,-INF) (U,U) (U,U) (U,U) (U,U) (INF,INF) (N,N);
    (INF,-INF) (U,U) (0.,-0.) (0.,0.) (U,U) (INF,INF) (N,N);
    (INF,-INF) (U,U) (0.,-0.) (0.,0.) (U,U) (INF,INF) (N,N);
    (INF,-INF) (U,U) (U,U) (U,U) (U,U) (INF,INF) (N,N);
    (INF,-INF) (INF,-0.) (INF,-0.) (INF,0.) (INF,0.) (INF,INF) (INF,N);
    (INF,-INF) (N,N) (N,N) (N,N) (N,N) (INF,INF) (N,N);
];

/// CPython 3.11's table (later versions return ±0 + nan j for a zero real part).
#[rustfmt::skip]
pub(super) static TANH_SPECIAL: Table = table![
    (-1.,0.) (U,U) (-1.,-0.) (-1.,0.) (U,U) (-1.,0.) (-1.,0.);
    (N,N) (U,U) (U,U) (U,U) (U,U) (N,N) (N,N);
    (N,N) (U,U) (-0.,-0.) (-0.,0.) (U,U) (N,N) (N,N);
    (N,N) (U,U) (0.,-0.) (0.,0.) (U,U) (N,N) (N,N);
    (N,N) (U,U) (U,U) (U,U) (U,U) (N,N) (N,N);
    (1.,0.) (U,U) (1.,-0.) (1.,0.) (U,U) (1.,0.) (1.,0.);
    (N,N) (N,N) (N,-0.) (N,0.) (N,N) (N,N) (N,N);
];
