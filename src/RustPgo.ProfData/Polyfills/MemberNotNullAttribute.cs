#if !NET
namespace System.Diagnostics.CodeAnalysis;

// netstandard2.0 lacks it; the compiler knows it by name: a method that sets these members is as good as the constructor.
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, Inherited = false, AllowMultiple = true)]
internal sealed class MemberNotNullAttribute : Attribute
{
    public MemberNotNullAttribute(params string[] members) => Members = members;

    public string[] Members { get; }
}
#endif
