/* Test-only stand-in for bcryptprimitives.dll's ProcessPrng, which Rust's
 * standard library calls for random bytes and which Wine 8 does not provide.
 * scripts/windows-check.sh builds it into its temporary test folder, beside
 * spil.exe, and nowhere else: it is never installed or shipped. Windows 10 and
 * 11 have the real ProcessPrng. It draws from RtlGenRandom (advapi32's
 * SystemFunction036), Wine's own system random source. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
