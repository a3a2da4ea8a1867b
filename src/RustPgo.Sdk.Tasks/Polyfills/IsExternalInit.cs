#if !NET
namespace System.Runtime.CompilerServices;

// Lets netstandard2.0 compile records and init-only properties.
internal static class IsExternalInit
{
}
#endif
