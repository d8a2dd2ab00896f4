//! An exercise for hostile submissions: the policy check lets nearly everything through, so
//! that the box itself is what holds them.

pub fn four() -> u32 {
    4
}
