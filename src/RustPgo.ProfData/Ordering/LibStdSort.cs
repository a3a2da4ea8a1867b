using System;
using System.Collections.Generic;

namespace RustPgo.ProfData;

/// <summary>
/// libstdc++'s std::sort (introsort, median-of-three, threshold 16, final insertion sort), step for step.
/// llvm-profdata sorts value sites with it; value sites can hold equal values (every unknown indirect-call
/// target becomes 0), and only the same algorithm leaves equal elements in the same order.
/// </summary>
internal static class LibStdSort
{
    private const int Threshold = 16;

    /// <summary>A strict weak order; a struct so that the sort loops call it directly.</summary>
    public interface ILess<T>
    {
        bool Less(T a, T b);
    }

    /// <summary>An unsigned sort key; <see cref="ILess{T}.Less"/> must be <c>Key(a) &lt; Key(b)</c>.</summary>
    public interface IKey<T> : ILess<T>
    {
        ulong Key(T item);
    }

    private readonly struct DelegateLess<T> : ILess<T>
    {
        private readonly Func<T, T, bool> _less;

        public DelegateLess(Func<T, T, bool> less) => _less = less;

        public bool Less(T a, T b) => _less(a, b);
    }

    public static void Sort<T>(List<T> items, Func<T, T, bool> less) => Sort(items, new DelegateLess<T>(less));

    public static void Sort<T, TLess>(List<T> items, TLess less)
        where TLess : struct, ILess<T>
    {
        var n = items.Count;
        if (n < 2)
        {
            return;
        }
        IntroSortLoop(items, 0, n, 2 * FloorLog2(n), less);
        FinalInsertionSort(items, 0, n, less);
    }

    /// <summary>
    /// std::sort by an unsigned key. When the keys are distinct every correct sort gives the same order, so a fast
    /// key sort gives it; only equal keys (such as the unknown indirect-call targets that all become 0) need
    /// libstdc++'s exact steps.
    /// </summary>
    public static void SortByKey<T, TKey>(List<T> items, TKey key)
        where TKey : struct, IKey<T>
    {
        ulong[]? keys = null;
        T[]? sorted = null;
        SortByKey(items, key, ref keys, ref sorted);
    }

    /// <summary>As above, with scratch arrays that are grown as needed and kept for the next call.</summary>
    public static void SortByKey<T, TKey>(List<T> items, TKey key, ref ulong[]? keyScratch, ref T[]? itemScratch)
        where TKey : struct, IKey<T>
    {
        var n = items.Count;
        if (n < 2)
        {
            return;
        }
        var ascending = true;
        for (var i = 1; i < n; i++)
        {
            if (key.Key(items[i - 1]) >= key.Key(items[i]))
            {
                ascending = false;
                break;
            }
        }
        if (ascending)
        {
            return; // distinct and in order already
        }
        var keys = Scratch(ref keyScratch, n);
        var sorted = Scratch(ref itemScratch, n);
        items.CopyTo(sorted);
        for (var i = 0; i < n; i++)
        {
            keys[i] = key.Key(sorted[i]);
        }
        Array.Sort(keys, sorted, 0, n);
        for (var i = 1; i < n; i++)
        {
            if (keys[i - 1] == keys[i])
            {
                Sort(items, key); // items are still in their original order
                return;
            }
        }
        for (var i = 0; i < n; i++)
        {
            items[i] = sorted[i];
        }
    }

    /// <summary>The kept array when it holds <paramref name="length"/> elements, else a new one (at least 256 long) kept from now on.</summary>
    internal static TItem[] Scratch<TItem>(ref TItem[]? kept, int length) =>
        kept == null || kept.Length < length ? (kept = new TItem[Math.Max(length, 256)]) : kept;

    private static int FloorLog2(int n)
    {
        var log = 0;
        while ((n >>= 1) != 0)
        {
            log++;
        }
        return log;
    }

    private static void IntroSortLoop<T, TLess>(List<T> a, int first, int last, int depthLimit, TLess less)
        where TLess : struct, ILess<T>
    {
        while (last - first > Threshold)
        {
            if (depthLimit == 0)
            {
                HeapSort(a, first, last, less);
                return;
            }
            depthLimit--;
            var cut = PartitionPivot(a, first, last, less);
            IntroSortLoop(a, cut, last, depthLimit, less);
            last = cut;
        }
    }

    private static int PartitionPivot<T, TLess>(List<T> a, int first, int last, TLess less)
        where TLess : struct, ILess<T>
    {
        var mid = first + (last - first) / 2;
        MoveMedianToFirst(a, first, first + 1, mid, last - 1, less);
        return UnguardedPartition(a, first + 1, last, first, less);
    }

    private static void MoveMedianToFirst<T, TLess>(List<T> a, int result, int x, int y, int z, TLess less)
        where TLess : struct, ILess<T>
    {
        if (less.Less(a[x], a[y]))
        {
            if (less.Less(a[y], a[z])) Swap(a, result, y);
            else if (less.Less(a[x], a[z])) Swap(a, result, z);
            else Swap(a, result, x);
        }
        else
        {
            if (less.Less(a[x], a[z])) Swap(a, result, x);
            else if (less.Less(a[y], a[z])) Swap(a, result, z);
            else Swap(a, result, y);
        }
    }

    private static int UnguardedPartition<T, TLess>(List<T> a, int first, int last, int pivot, TLess less)
        where TLess : struct, ILess<T>
    {
        while (true)
        {
            while (less.Less(a[first], a[pivot]))
            {
                first++;
            }
            last--;
            while (less.Less(a[pivot], a[last]))
            {
                last--;
            }
            if (first >= last)
            {
                return first;
            }
            Swap(a, first, last);
            first++;
        }
    }

    private static void FinalInsertionSort<T, TLess>(List<T> a, int first, int last, TLess less)
        where TLess : struct, ILess<T>
    {
        if (last - first > Threshold)
        {
            InsertionSort(a, first, first + Threshold, less);
            for (var i = first + Threshold; i < last; i++)
            {
                UnguardedLinearInsert(a, i, less);
            }
        }
        else
        {
            InsertionSort(a, first, last, less);
        }
    }

    private static void InsertionSort<T, TLess>(List<T> a, int first, int last, TLess less)
        where TLess : struct, ILess<T>
    {
        for (var i = first + 1; i < last; i++)
        {
            if (less.Less(a[i], a[first]))
            {
                var value = a[i];
                for (var j = i; j > first; j--)
                {
                    a[j] = a[j - 1];
                }
                a[first] = value;
            }
            else
            {
                UnguardedLinearInsert(a, i, less);
            }
        }
    }

    private static void UnguardedLinearInsert<T, TLess>(List<T> a, int last, TLess less)
        where TLess : struct, ILess<T>
    {
        var value = a[last];
        var next = last - 1;
        while (less.Less(value, a[next]))
        {
            a[last] = a[next];
            last = next;
            next--;
        }
        a[last] = value;
    }

    // std::__partial_sort(first, last, last): make_heap then sort_heap.
    private static void HeapSort<T, TLess>(List<T> a, int first, int last, TLess less)
        where TLess : struct, ILess<T>
    {
        var length = last - first;
        if (length >= 2)
        {
            for (var parent = (length - 2) / 2; ; parent--)
            {
                AdjustHeap(a, first, parent, length, a[first + parent], less);
                if (parent == 0)
                {
                    break;
                }
            }
        }
        while (last - first > 1)
        {
            last--;
            var value = a[last];
            a[last] = a[first];
            AdjustHeap(a, first, 0, last - first, value, less);
        }
    }

    private static void AdjustHeap<T, TLess>(List<T> a, int @base, int hole, int length, T value, TLess less)
        where TLess : struct, ILess<T>
    {
        var top = hole;
        var child = hole;
        while (child < (length - 1) / 2)
        {
            child = 2 * (child + 1);
            if (less.Less(a[@base + child], a[@base + child - 1]))
            {
                child--;
            }
            a[@base + hole] = a[@base + child];
            hole = child;
        }
        if ((length & 1) == 0 && child == (length - 2) / 2)
        {
            child = 2 * (child + 1);
            a[@base + hole] = a[@base + child - 1];
            hole = child - 1;
        }
        var parent = (hole - 1) / 2;
        while (hole > top && less.Less(a[@base + parent], value))
        {
            a[@base + hole] = a[@base + parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        a[@base + hole] = value;
    }

    private static void Swap<T>(List<T> a, int i, int j)
    {
        var temp = a[i];
        a[i] = a[j];
        a[j] = temp;
    }
}
