namespace RustPgo.ProfData.Tests;

public class DemanglerTests
{
    [Theory]
    [InlineData("pgofixture.5bd41e5d5d12f878-cgu.0;_ZN10pgofixture7collatz17h727852d1e03d24d8E", "pgofixture::collatz")]
    [InlineData("_ZN54_$LT$pgofixture..Rect$u20$as$u20$pgofixture..Shape$GT$4area17h7913bd1442071566E", "<pgofixture::Rect as pgofixture::Shape>::area")]
    [InlineData("_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h53a8a7eea4a091d5E", "std::rt::lang_start::{{closure}}")]
    [InlineData("_ZN5alloc7raw_vec19RawVec$LT$T$C$A$GT$8grow_one17hf2f619dddf9aa8afE", "alloc::raw_vec::RawVec<T,A>::grow_one")]
    [InlineData("_ZN4core3ptr35drop_in_place$LT$std..env..Args$GT$17h5a810935ea651454E", "core::ptr::drop_in_place<std::env::Args>")]
    [InlineData("_ZN4core3ops8function6FnOnce40call_once$u7b$$u7b$vtable.shim$u7d$$u7d$17h49a0ea79783a6393E", "core::ops::function::FnOnce::call_once{{vtable.shim}}")]
    [InlineData("_ZN3foo3bar17h0123456789abcdefE.llvm.1234567", "foo::bar")]
    [InlineData("main", "main")]
    [InlineData("_ZN3fo", "_ZN3fo")]
    [InlineData("_ZN3foo$LT$E", "_ZN3foo$LT$E")]
    public void Legacy(string mangled, string expected)
    {
        Assert.Equal(expected, RustSymbolDemangler.Demangle(mangled));
    }

    [Theory]
    [InlineData("_RNvCs1234_7mycrate3foo", "mycrate::foo")]
    [InlineData("_RNvMsr_NtCs3ssYzQotkvD_3std4pathNtB5_7PathBuf3newCs15kBYyAo9fc_7mycrate", "<std::path::PathBuf>::new")]
    [InlineData("_RINvNtC3std3mem8align_ofjEC3foo", "std::mem::align_of::<usize>")]
    [InlineData("_RNCNvCsgStHSCytQ6I_7mycrate4main0B3_", "mycrate::main::{closure#0}")]
    [InlineData("_RNvXCs4fqI2P2rA04_7mycrateNtB2_3FooNtNtCs1_4core3fmt7Display3fmt", "<mycrate::Foo as core::fmt::Display>::fmt")]
    [InlineData("_RINvCs1_5crate4funcRShTmEEB2_", "crate::func::<&[u8], (u32,)>")]
    [InlineData("crate.1-cgu.0;_RNvCs1234_7mycrate3foo", "mycrate::foo")]
    [InlineData("_RNvC", "_RNvC")]
    [InlineData("_RNvB9_3foo", "_RNvB9_3foo")]
    [InlineData("_RNvB_3foo", "_RNvB_3foo")]
    [InlineData("_RINvCs1_5crateKB_E", "_RINvCs1_5crateKB_E")]
    public void V0(string mangled, string expected)
    {
        Assert.Equal(expected, RustSymbolDemangler.Demangle(mangled));
    }

    [Fact]
    public void GarbageNeverThrows()
    {
        var random = new Random(3);
        const string alphabet = "_RZNvCMXYIEBKLsuhjmT0123456789abcdefpE$.";
        for (var i = 0; i < 20000; i++)
        {
            var chars = new char[random.Next(1, 40)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }
            var text = (random.Next(2) == 0 ? "_R" : "_ZN") + new string(chars);
            Assert.NotNull(RustSymbolDemangler.Demangle(text));
        }
    }
}
