Attribute VB_Name = "CareersActions"
' Careers Plan add-in: the "Set RAG", "Add action row" and "Refresh dashboard" buttons.
'
' Each button has a plain macro here (SetRagRed, AddActionRow, RefreshDashboard ...)
' that you can also run from Developer > Macros or give a keyboard shortcut.
Option Explicit

Public Sub SetRagRed()
    SetRag RAG_RED
End Sub

Public Sub SetRagAmber()
    SetRag RAG_AMBER
End Sub

Public Sub SetRagGreen()
    SetRag RAG_GREEN
End Sub

Public Sub SetRagComplete()
    SetRag RAG_COMPLETE
End Sub

Public Sub ClearRag()
    SetRag ""
End Sub

' Set the RAG of the selected actions to label ("" clears it). Select any cell of an
' action (its text, lead, end point ...): on each selected row, the RAG cell of the
' action period the selection is in gets the word and its colour.
Public Sub SetRag(ByVal label As String)
    Dim ws As Object, area As Object, headerRow As Long, r As Long, p As Long
    Dim ragCol As Long, firstRow As Long, lastRow As Long, changed As Long
    If TypeName(Selection) <> "Range" Then
        MsgBox "Select the actions first.", vbInformation, "Set RAG"
        Exit Sub
    End If
    Set ws = Selection.Worksheet
    headerRow = FindHeaderRow(ws)
    If headerRow = 0 Then
        MsgBox "'" & ws.Name & "' is not a plan sheet (no Objective / Action / RAG headings).", _
               vbExclamation, "Set RAG"
        Exit Sub
    End If
    For Each area In Selection.Areas
        ' The period the selection starts in; a selection running from the Objective
        ' column into the first period counts as the first period.
        p = PeriodOfColumn(ws, headerRow, area.Column)
        If p = 0 And area.Column + area.Columns.Count - 1 >= PeriodStart(ws, headerRow, 1) Then p = 1
        ragCol = 0
        If p > 0 Then ragCol = RoleColumn(ws, headerRow, p, "rag")
        ' Only rows below the headings, and not the whole sheet for a whole-column selection.
        firstRow = area.Row
        If firstRow <= headerRow Then firstRow = headerRow + 1
        lastRow = area.Row + area.Rows.Count - 1
        If lastRow > LastUsedRow(ws) Then lastRow = LastUsedRow(ws)
        If ragCol > 0 Then
            For r = firstRow To lastRow
                ApplyRag ws.Cells(r, ragCol), label
                changed = changed + 1
            Next r
        End If
    Next area
    If changed = 0 Then
        MsgBox "Select one or more actions below the headings of a plan sheet.", _
               vbInformation, "Set RAG"
    End If
End Sub

' Write a RAG word in a cell and colour it the way the plan colours that status.
Public Sub ApplyRag(ByVal cell As Object, ByVal label As String)
    If label = "" Then
        cell.ClearContents
        cell.Interior.ColorIndex = xlColorIndexNone
        cell.Font.ColorIndex = xlColorIndexAutomatic
    Else
        cell.Value = label
        cell.Interior.Color = RagFill(label)
        cell.Font.Color = RagFont(label)
    End If
End Sub

' Insert an empty action row below the selected row of a plan sheet. The new row gets
' the formats and dropdowns (RAG, leads ...) of the row above and stays under the same
' objective.
Public Sub AddActionRow()
    Dim ws As Object, headerRow As Long, r As Long, objectiveCol As Long, firstCol As Long
    Dim lastCol As Long, objectiveCell As Object, merged As Object
    If TypeName(Selection) <> "Range" Then Exit Sub
    Set ws = Selection.Worksheet
    headerRow = FindHeaderRow(ws)
    r = Selection.Row + Selection.Rows.Count - 1
    If headerRow = 0 Or r <= headerRow Then
        MsgBox "Select an action row below the headings of a plan sheet.", _
               vbInformation, "Add action row"
        Exit Sub
    End If
    objectiveCol = SheetColumn(ws, headerRow, "objective")
    firstCol = PeriodStart(ws, headerRow, 1)
    lastCol = LastUsedColumn(ws)

    ' Insert the row (Excel copies the formats of the row above into it).
    ws.Rows(r + 1).Insert
    ' Copy the dropdowns and formats of the action columns too (not the text).
    ws.Range(ws.Cells(r, firstCol), ws.Cells(r, lastCol)).Copy
    ws.Range(ws.Cells(r + 1, firstCol), ws.Cells(r + 1, lastCol)).PasteSpecial xlPasteValidation
    ws.Range(ws.Cells(r + 1, firstCol), ws.Cells(r + 1, lastCol)).PasteSpecial xlPasteFormats
    Application.CutCopyMode = False

    ' Keep the objective: extend a merged objective cell down, or repeat its text.
    If objectiveCol > 0 Then
        Set objectiveCell = ws.Cells(r, objectiveCol)
        If objectiveCell.MergeCells Then
            Set merged = objectiveCell.MergeArea
            If merged.Row + merged.Rows.Count - 1 = r Then
                merged.UnMerge
                ws.Range(merged.Cells(1, 1), ws.Cells(r + 1, objectiveCol)).Merge
            End If
        Else
            ws.Cells(r + 1, objectiveCol).Value = ObjectiveText(ws, headerRow, r)
        End If
    End If
    ws.Cells(r + 1, firstCol).Select
End Sub

' Recalculate every formula and redraw every chart, then show the Dashboard sheet.
Public Sub RefreshDashboard()
    Dim book As Object, ws As Object, chartObject As Object, dashboard As Object
    Set book = PlanBook()
    Application.CalculateFull
    For Each ws In book.Worksheets
        For Each chartObject In ws.ChartObjects
            chartObject.Chart.Refresh
        Next chartObject
    Next ws
    Set dashboard = FindSheet(book, "Dashboard")
    If Not dashboard Is Nothing Then dashboard.Activate
End Sub
