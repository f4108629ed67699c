import LoyaltyNumerics

/// Foundation has a `Dimension` too (NSDimension); a name declared in this module wins over both
/// imports, so `Dimension` here always means the unit dimension.
public typealias Dimension = LoyaltyNumerics.Dimension
