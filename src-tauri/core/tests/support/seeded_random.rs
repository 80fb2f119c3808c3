//! A small seeded generator for tests that choose moments and faults at random: the seed
//! is printed, and `FFLOW_TEST_SEED` replays a failing run exactly.

#![allow(dead_code)] // Each test binary uses its own part of it.

/// SplitMix64: tiny, fast and good enough to scatter kill points and faults.
#[derive(Debug)]
pub struct SeededRandom {
    state: u64,
}

impl SeededRandom {
    /// Seeded from `FFLOW_TEST_SEED` when set, else from the OS; prints the seed.
    pub fn from_environment(test: &str) -> SeededRandom {
        let seed = std::env::var("FFLOW_TEST_SEED")
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or_else(|| {
                let mut bytes = [0_u8; 8];
                getrandom::fill(&mut bytes).expect("the OS gives random bytes");
                u64::from_le_bytes(bytes)
            });
        eprintln!("{test}: FFLOW_TEST_SEED={seed} replays this run");
        SeededRandom { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }

    /// A number in `0..bound` (bound > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }
}
